import Market

/// The market at one sequence as the API reads it: state plus derived data. A value: readers
/// take one and work on it while the hub moves on.
public struct MarketView: Sendable {
    public var state: MarketState
    public var analytics: MarketAnalytics

    public var sequence: UInt64 { state.sequence }

    public func token(_ address: Address) -> Token? { state.tokens[address] }

    public func pool(_ address: Address) -> PoolRecord? { state.pools[address] }

    /// Pools that can be swapped against, the ones the API lists.
    public var livePools: [PoolRecord] { state.pools.values.filter { $0.state != nil } }

    public func activity(_ pool: Address) -> PoolActivity? { analytics.pools[pool] }

    public func priceUsd(_ token: Address) -> Double? { analytics.prices[token] }
}
