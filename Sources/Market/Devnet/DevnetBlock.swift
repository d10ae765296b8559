import DEXMath

/// One simulated block: its identity and the events its transactions logged, in log order.
public struct DevnetBlock: Sendable, Hashable, Codable {
    public var number: UInt64
    public var hash: Hash32
    public var parentHash: Hash32
    /// Unix seconds.
    public var timestamp: Int64
    public var events: [MarketEvent]
    /// The swap calls behind the block's `Swap` and `PairSwap` events, so a consumer (or a test)
    /// can re-simulate them exactly.
    public var trades: [DevnetTrade]

    public init(number: UInt64, hash: Hash32, parentHash: Hash32, timestamp: Int64, events: [MarketEvent], trades: [DevnetTrade]) {
        self.number = number
        self.hash = hash
        self.parentHash = parentHash
        self.timestamp = timestamp
        self.events = events
        self.trades = trades
    }

    /// Where an indexer stands once this block's events are ingested.
    public var checkpoint: IndexerCheckpoint { IndexerCheckpoint(blockNumber: number, blockHash: hash) }
}

/// A swap call as the simulation made it: the arguments of `UniswapV3Pool.swap` (or of the
/// constant-product swap, which has no price limit), and why it was made.
public struct DevnetTrade: Sendable, Hashable, Codable {
    public enum Reason: String, Sendable, Hashable, Codable {
        /// A trader's swap of a random size and direction.
        case trader
        /// A swap bringing the pool back toward the fair price (and so toward its sibling pools).
        case arbitrage
    }

    /// The `Swap` (concentrated) or `PairSwap` (constant-product) event it produced.
    public var event: EventID
    public var pool: Address
    public var zeroForOne: Bool
    /// > 0 exact input, < 0 exact output.
    public var amountSpecified: Int256
    /// nil for constant-product pools.
    public var sqrtPriceLimitX96: UInt256?
    public var reason: Reason

    public init(event: EventID, pool: Address, zeroForOne: Bool, amountSpecified: Int256, sqrtPriceLimitX96: UInt256?, reason: Reason) {
        self.event = event
        self.pool = pool
        self.zeroForOne = zeroForOne
        self.amountSpecified = amountSpecified
        self.sqrtPriceLimitX96 = sqrtPriceLimitX96
        self.reason = reason
    }
}
