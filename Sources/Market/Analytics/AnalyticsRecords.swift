/// The derived history a store keeps beside the market state: swaps, candles and daily totals
/// as they were recorded. A restart restores them as they were instead of re-deriving them from
/// events against today's prices.
public struct AnalyticsRecords: Sendable, Hashable {
    /// Ascending by sequence.
    public var swaps: [SwapRecord]
    public var candles: [PoolCandle]
    public var days: [DailyTotals]

    public init(swaps: [SwapRecord] = [], candles: [PoolCandle] = [], days: [DailyTotals] = []) {
        self.swaps = swaps
        self.candles = candles
        self.days = days
    }

    public var isEmpty: Bool { swaps.isEmpty && candles.isEmpty && days.isEmpty }

    /// What a run of `record`s produced: every swap, the final value of each candle it touched,
    /// and the totals of the days it touched (`analytics` is the state after the run).
    public init(updates: [MarketAnalytics.Update], analytics: MarketAnalytics) {
        swaps = updates.compactMap(\.swap)
        var latest: [PoolCandle.Key: Candle] = [:]
        for update in updates {
            guard let pool = update.swap?.pool else { continue }
            for (interval, candle) in update.candles { latest[PoolCandle.Key(pool: pool, interval: interval, time: candle.time)] = candle }
        }
        candles = latest.map { PoolCandle(pool: $0.key.pool, interval: $0.key.interval, candle: $0.value) }
        let touched = Set(swaps.map { CandleInterval.oneDay.bucket(of: $0.timestamp) } + [CandleInterval.oneDay.bucket(of: analytics.now)])
        days = analytics.dailyTotals(on: touched)
    }
}

/// One candle of one pool's chart at one interval.
public struct PoolCandle: Sendable, Hashable {
    public var pool: Address
    public var interval: CandleInterval
    public var candle: Candle

    public init(pool: Address, interval: CandleInterval, candle: Candle) {
        self.pool = pool
        self.interval = interval
        self.candle = candle
    }

    struct Key: Hashable {
        var pool: Address
        var interval: CandleInterval
        var time: Int64
    }
}
