import DEXMath

/// What the market's history says about one pool: its locked balances and their USD value,
/// trailing-24 h volume and fees, recent swaps and candles.
public struct PoolActivity: Sendable {
    public internal(set) var balance0 = UInt256.zero
    public internal(set) var balance1 = UInt256.zero
    /// token1 per token0 in whole tokens.
    public internal(set) var price = 0.0
    public internal(set) var tvlUsd = 0.0
    var volume = RollingVolume()
    var candles: [CandleInterval: CandleSeries]
    /// Newest last.
    var swaps: [SwapRecord] = []

    init(candleLimit: Int) {
        candles = Dictionary(uniqueKeysWithValues: CandleInterval.allCases.map { ($0, CandleSeries(interval: $0, limit: candleLimit)) })
    }

    public var volume24h0: UInt256 { volume.volume0 }
    public var volume24h1: UInt256 { volume.volume1 }
    public var volume24hUsd: Double { max(0, volume.volumeUsd) }
    public var fees24hUsd: Double { max(0, volume.feesUsd) }
    public var swaps24h: Int { volume.count }
    /// Fee income annualised over the locked value, in percent.
    public var apr: Double { tvlUsd > 0 ? fees24hUsd * 365 / tvlUsd * 100 : 0 }

    public func candles(_ interval: CandleInterval, from: Int64, to: Int64) -> ArraySlice<Candle> {
        candles[interval]?.range(from: from, to: to) ?? []
    }

    /// Newest first, strictly below `beforeSequence`.
    public func swaps(before beforeSequence: UInt64, limit: Int) -> [SwapRecord] {
        let end = swaps.partitionPoint { $0.sequence < beforeSequence }
        return Array(swaps[max(0, end - limit)..<end].reversed())
    }
}

/// One UTC day of protocol activity.
public struct DailyTotals: Sendable, Hashable {
    /// Unix seconds of the day's start (UTC).
    public var day: Int64
    public var volumeUsd = 0.0
    public var feesUsd = 0.0
    public var swaps = 0
    /// Locked value at the day's last update.
    public var tvlUsd = 0.0

    public init(day: Int64, volumeUsd: Double = 0, feesUsd: Double = 0, swaps: Int = 0, tvlUsd: Double = 0) {
        self.day = day
        self.volumeUsd = volumeUsd
        self.feesUsd = feesUsd
        self.swaps = swaps
        self.tvlUsd = tvlUsd
    }
}

/// Protocol-wide figures.
public struct ProtocolTotals: Sendable, Hashable {
    public var tvlUsd: Double
    public var volume24hUsd: Double
    public var fees24hUsd: Double
    public var swaps24h: Int
}
