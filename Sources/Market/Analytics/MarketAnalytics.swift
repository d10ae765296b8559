import DEXMath

/// The market's derived data, kept current event by event: token USD prices, per-pool TVL,
/// 24 h volume and fees, swap history (per pool and per account), OHLCV candles and daily
/// protocol totals. Derived from `MarketState` and the applied events; never a source of truth.
public struct MarketAnalytics: Sendable {
    public struct Limits: Sendable {
        public var swapsPerPool = 2_000
        public var swapsPerAccount = 500
        public var candlesPerInterval = 2_000
        public var days = 400
        public init() {}
    }

    public let stablecoins: Set<Address>
    public let limits: Limits
    public private(set) var prices: [Address: Double] = [:]
    public private(set) var pools: [Address: PoolActivity] = [:]
    private var accountSwaps: [Address: [SwapRecord]] = [:]
    private var daily: [Int64: DailyTotals] = [:]
    /// The newest event time seen: the end of every trailing window.
    public private(set) var now: Int64 = 0

    public init(stablecoins: Set<Address>, limits: Limits = Limits()) {
        self.stablecoins = stablecoins
        self.limits = limits
    }

    /// Analytics restored from stored records of `state`'s history: charts, swap lists and
    /// daily totals as recorded; the 24 h windows from the swaps inside them.
    public init(stablecoins: Set<Address>, limits: Limits = Limits(), restoring records: AnalyticsRecords, in state: MarketState) {
        self.init(stablecoins: stablecoins, limits: limits)
        now = max(state.timestamp, records.swaps.map(\.timestamp).max() ?? 0)
        for entry in records.candles.sorted(by: { $0.candle.time < $1.candle.time }) {
            pools[entry.pool, default: PoolActivity(candleLimit: limits.candlesPerInterval)].candles[entry.interval]!.restore(entry.candle)
        }
        for swap in records.swaps.sorted(by: { $0.sequence < $1.sequence }) {
            var activity = pools[swap.pool] ?? PoolActivity(candleLimit: limits.candlesPerInterval)
            if swap.timestamp > now - RollingVolume.window, let fee = state.pools[swap.pool]?.fee {
                let volumeUsd = swap.amountUsd ?? 0
                activity.volume.add(timestamp: swap.timestamp, volume0: swap.amount0.magnitude, volume1: swap.amount1.magnitude,
                                    volumeUsd: volumeUsd, feesUsd: volumeUsd * Double(fee) / 1_000_000)
            }
            append(swap, to: &activity.swaps, limit: limits.swapsPerPool)
            pools[swap.pool] = activity
            for account in Set([swap.sender, swap.recipient]) { append(swap, to: &accountSwaps[account, default: []], limit: limits.swapsPerAccount) }
        }
        for totals in records.days { daily[totals.day] = totals }
        refresh(state)
    }

    /// What recording an event produced, for live feeds.
    public struct Update: Sendable {
        public var swap: SwapRecord?
        public var candles: [(CandleInterval, Candle)] = []
    }

    /// Records `applied`, which `state` already includes.
    public mutating func record(_ applied: AppliedEvent, in state: MarketState) -> Update {
        let event = applied.event
        now = max(now, event.context.timestamp)
        guard let record = state.pools[event.pool], let token0 = state.tokens[record.token0], let token1 = state.tokens[record.token1] else {
            return Update()
        }
        var activity = pools[record.address] ?? PoolActivity(candleLimit: limits.candlesPerInterval)
        let previousPrice = activity.price
        activity.price = Self.price(of: record, token0: token0, token1: token1) ?? previousPrice
        var update = Update()
        if let swap = swapRecord(applied, record: record, price: activity.price, token0: token0, token1: token1) {
            let volume0 = swap.amount0.magnitude, volume1 = swap.amount1.magnitude
            let volumeUsd = swap.amountUsd ?? 0
            let feesUsd = volumeUsd * Double(record.fee) / 1_000_000
            activity.volume.add(timestamp: swap.timestamp, volume0: volume0, volume1: volume1, volumeUsd: volumeUsd, feesUsd: feesUsd)
            for interval in CandleInterval.allCases {
                let candle = activity.candles[interval]!.add(timestamp: swap.timestamp, previousPrice: previousPrice == 0 ? activity.price : previousPrice,
                                                              price: activity.price, volume0: volume0, volume1: volume1, volumeUsd: volumeUsd)
                update.candles.append((interval, candle))
            }
            append(swap, to: &activity.swaps, limit: limits.swapsPerPool)
            for account in Set([swap.sender, swap.recipient]) { append(swap, to: &accountSwaps[account, default: []], limit: limits.swapsPerAccount) }
            let day = CandleInterval.oneDay.bucket(of: swap.timestamp)
            daily[day, default: DailyTotals(day: day)].volumeUsd += volumeUsd
            daily[day, default: DailyTotals(day: day)].feesUsd += feesUsd
            daily[day, default: DailyTotals(day: day)].swaps += 1
            update.swap = swap
        }
        pools[record.address] = activity
        return update
    }

    /// Recomputes prices, balances and TVL for `changed` pools (all when nil) and moves the
    /// 24 h windows to `now`. Call after a batch of `record`s.
    public mutating func refresh(_ state: MarketState, changed: Set<Address>? = nil) {
        let unseen = state.pools.keys.filter { pools[$0] == nil }
        for address in (changed ?? Set(state.pools.keys)).union(unseen) {
            guard let record = state.pools[address], let pool = record.state else { continue }
            let (balance0, balance1) = PoolBalances.of(pool)
            pools[address, default: PoolActivity(candleLimit: limits.candlesPerInterval)].balance0 = balance0
            pools[address]!.balance1 = balance1
            if let token0 = state.tokens[record.token0], let token1 = state.tokens[record.token1],
               let price = Self.price(of: record, token0: token0, token1: token1) {
                pools[address]!.price = price
            }
        }
        prices = TokenPrices.derive(stablecoins: stablecoins, pools: state.pools.values.compactMap { record in
            guard let activity = pools[record.address], let token0 = state.tokens[record.token0], let token1 = state.tokens[record.token1] else { return nil }
            return TokenPrices.PoolQuote(token0: record.token0, token1: record.token1, price: activity.price,
                                         balance0: DisplayNumbers.tokens(activity.balance0, decimals: token0.decimals),
                                         balance1: DisplayNumbers.tokens(activity.balance1, decimals: token1.decimals))
        })
        var tvl = 0.0
        for (address, var activity) in pools {
            activity.volume.advance(to: now)
            if let record = state.pools[address], let token0 = state.tokens[record.token0], let token1 = state.tokens[record.token1] {
                activity.tvlUsd = DisplayNumbers.tokens(activity.balance0, decimals: token0.decimals) * (prices[record.token0] ?? 0)
                    + DisplayNumbers.tokens(activity.balance1, decimals: token1.decimals) * (prices[record.token1] ?? 0)
            }
            tvl += activity.tvlUsd
            pools[address] = activity
        }
        if now > 0 {
            let today = CandleInterval.oneDay.bucket(of: now)
            daily[today, default: DailyTotals(day: today)].tvlUsd = tvl
            if daily.count > limits.days, let oldest = daily.keys.min() { daily[oldest] = nil }
        }
    }

    public var totals: ProtocolTotals {
        pools.values.reduce(into: ProtocolTotals(tvlUsd: 0, volume24hUsd: 0, fees24hUsd: 0, swaps24h: 0)) { totals, activity in
            totals.tvlUsd += activity.tvlUsd
            totals.volume24hUsd += activity.volume24hUsd
            totals.fees24hUsd += activity.fees24hUsd
            totals.swaps24h += activity.swaps24h
        }
    }

    /// The newest `days` UTC days, oldest first; days without activity carry the last TVL.
    public func history(days: Int) -> [DailyTotals] {
        guard now > 0 else { return [] }
        let today = CandleInterval.oneDay.bucket(of: now)
        let first = today - Int64(max(1, days) - 1) * 86_400
        var lastTvl = daily.filter { $0.key < first }.max { $0.key < $1.key }?.value.tvlUsd ?? 0
        return stride(from: first, through: today, by: 86_400).map { day in
            var totals = daily[day] ?? DailyTotals(day: day, tvlUsd: lastTvl)
            if totals.tvlUsd == 0 { totals.tvlUsd = lastTvl }
            lastTvl = totals.tvlUsd
            return totals
        }
    }

    /// The recorded totals of those of `days` that had any.
    public func dailyTotals(on days: some Sequence<Int64>) -> [DailyTotals] {
        days.compactMap { daily[$0] }.sorted { $0.day < $1.day }
    }

    /// Swaps an account sent or received, newest first, strictly below `beforeSequence`.
    public func swaps(account: Address, before beforeSequence: UInt64, limit: Int) -> [SwapRecord] {
        let swaps = accountSwaps[account] ?? []
        let end = swaps.partitionPoint { $0.sequence < beforeSequence }
        return Array(swaps[max(0, end - limit)..<end].reversed())
    }

    /// Display price of a pool, token1 per token0; nil before it has a state.
    public static func price(of record: PoolRecord, token0: Token, token1: Token) -> Double? {
        switch record.state {
        case .concentrated(let pool): DisplayNumbers.price(sqrtPriceX96: pool.sqrtPriceX96, decimals0: token0.decimals, decimals1: token1.decimals)
        case .constantProduct(let pair): DisplayNumbers.price(reserve0: pair.reserve0, reserve1: pair.reserve1, decimals0: token0.decimals, decimals1: token1.decimals)
        case nil: nil
        }
    }

    private func swapRecord(_ applied: AppliedEvent, record: PoolRecord, price: Double, token0: Token, token1: Token) -> SwapRecord? {
        let context = applied.event.context
        var swap: SwapRecord
        switch applied.event.payload {
        case .swap(let e):
            swap = SwapRecord(sequence: applied.sequence, pool: record.address, txHash: context.txHash, logIndex: context.logIndex,
                              blockNumber: context.blockNumber, timestamp: context.timestamp, sender: e.sender, recipient: e.recipient,
                              amount0: e.amount0, amount1: e.amount1, sqrtPriceX96: e.sqrtPriceX96, tick: e.tick, liquidity: e.liquidity,
                              price: price, amountUsd: nil)
        case .pairSwap(let e):
            let amount0 = Self.net(in: e.amount0In, out: e.amount0Out)
            let amount1 = Self.net(in: e.amount1In, out: e.amount1Out)
            swap = SwapRecord(sequence: applied.sequence, pool: record.address, txHash: context.txHash, logIndex: context.logIndex,
                              blockNumber: context.blockNumber, timestamp: context.timestamp, sender: e.sender, recipient: e.recipient,
                              amount0: amount0, amount1: amount1, sqrtPriceX96: nil, tick: nil, liquidity: nil,
                              price: price, amountUsd: nil)
        default:
            return nil
        }
        if let p0 = prices[record.token0] {
            swap.amountUsd = DisplayNumbers.tokens(swap.amount0.magnitude, decimals: token0.decimals) * p0
        } else if let p1 = prices[record.token1] {
            swap.amountUsd = DisplayNumbers.tokens(swap.amount1.magnitude, decimals: token1.decimals) * p1
        }
        return swap
    }

    /// A pair's in/out amounts as the pool's signed delta (both fit: reserves are uint112).
    private static func net(in amountIn: UInt256, out amountOut: UInt256) -> Int256 {
        guard let a = Int256(exactly: amountIn), let b = Int256(exactly: amountOut) else { return .zero }
        return (try? a - b) ?? .zero
    }

    private func append(_ swap: SwapRecord, to list: inout [SwapRecord], limit: Int) {
        list.append(swap)
        if list.count > limit + limit / 4 { list.removeFirst(list.count - limit) }
    }
}
