import DEXMath
import Market
import Testing

@Suite("Market analytics")
struct MarketAnalyticsTests {
    typealias F = MarketEventFixtures
    static let t0: Int64 = 1_750_000_000 - 1_750_000_000 % 86_400  // a UTC midnight

    /// Applies and records `events` one by one, refreshing after each as the hub does.
    static func run(_ state: inout MarketState, _ analytics: inout MarketAnalytics, _ events: [MarketEvent]) throws {
        for event in events {
            guard let applied = try state.apply(event) else { continue }
            _ = analytics.record(applied, in: state)
            analytics.refresh(state, changed: [event.pool])
        }
    }

    /// Swaps at `timestamps`, numbered from `first` so each has its own identity.
    static func swaps(_ state: MarketState, at timestamps: [Int64], first: UInt32 = 100, amountIn: UInt256 = 1_000_000_000_000_000) throws -> (MarketState, [MarketEvent]) {
        var state = state
        var events: [MarketEvent] = []
        for (index, time) in timestamps.enumerated() {
            let event = try F.swapEvent(first + UInt32(index), in: state, amountIn: amountIn, zeroForOne: index % 2 == 0, timestamp: time)
            try state.apply(event)
            events.append(event)
        }
        return (state, events)
    }

    static func volume0(_ event: MarketEvent) throws -> UInt256 {
        guard case .swap(let swap) = event.payload else { throw DEXMathError.invalidPoolState }
        return swap.amount0.magnitude
    }

    @Test("USDC is $1, WETH is priced from its USDC pool, a tail token through WETH")
    func prices() throws {
        var state = try F.market()
        var analytics = MarketAnalytics(stablecoins: [F.usdc.address])
        try Self.run(&state, &analytics, [
            F.event(4, .poolCreated(.init(pool: F.tailPool, kind: .constantProduct, token0: F.tail.address, token1: F.weth.address, fee: 3000, tickSpacing: nil))),
            // 1,000 TAIL against 1 WETH: a TAIL is a thousandth of a WETH.
            F.event(5, .sync(.init(pool: F.tailPool, reserve0: UInt256(1_000) * UInt256(1_000_000_000_000_000_000), reserve1: 1_000_000_000_000_000_000))),
        ])
        let weth = try #require(analytics.prices[F.weth.address])
        #expect(analytics.prices[F.usdc.address] == 1)
        #expect(abs(weth - 3000) < 3)
        #expect(abs(try #require(analytics.prices[F.tail.address]) - weth / 1000) < 0.01)
        #expect(analytics.totals.tvlUsd > 0)
    }

    @Test("candles bucket swaps by interval with open = previous close and exact volumes")
    func candles() throws {
        let start = try F.market()
        let times = [Self.t0 + 5, Self.t0 + 50, Self.t0 + 65, Self.t0 + 3_700]
        let (_, events) = try Self.swaps(start, at: times)
        var state = start
        var analytics = MarketAnalytics(stablecoins: [F.usdc.address])
        analytics.refresh(state)
        try Self.run(&state, &analytics, events)
        let pool = try #require(analytics.pools[F.pool])
        let minutes = Array(pool.candles(.oneMinute, from: 0, to: .max))
        #expect(minutes.map(\.time) == [Self.t0, Self.t0 + 60, Self.t0 + 3_660])
        #expect(minutes.map(\.trades) == [2, 1, 1])
        #expect(minutes[1].open == minutes[0].close)
        #expect(minutes[0].high >= max(minutes[0].open, minutes[0].close))
        #expect(minutes[0].low <= min(minutes[0].open, minutes[0].close))
        let hours = Array(pool.candles(.oneHour, from: 0, to: .max))
        #expect(hours.map(\.trades) == [3, 1])
        var volume0 = UInt256.zero
        for event in events.prefix(3) { if case .swap(let swap) = event.payload { volume0 = try volume0 + swap.amount0.magnitude } }
        #expect(hours[0].volume0 == volume0)
        #expect(Array(pool.candles(.oneMinute, from: Self.t0 + 60, to: Self.t0 + 60)).count == 1)
    }

    @Test("24 h volume counts a swap for exactly one day")
    func rollingWindow() throws {
        let start = try F.market()
        let (_, events) = try Self.swaps(start, at: [Self.t0, Self.t0 + 10])
        var state = start
        var analytics = MarketAnalytics(stablecoins: [F.usdc.address])
        try Self.run(&state, &analytics, events)
        #expect(analytics.pools[F.pool]?.swaps24h == 2)
        // A swap a day after the first: the first drops out, the second stays.
        let (_, later) = try Self.swaps(state, at: [Self.t0 + 86_400], first: 200)
        try Self.run(&state, &analytics, later)
        #expect(analytics.pools[F.pool]?.swaps24h == 2)
        #expect(analytics.pools[F.pool]!.volume24h0 == (try Self.volume0(events[1]) + Self.volume0(later[0])))
        let (_, muchLater) = try Self.swaps(state, at: [Self.t0 + 3 * 86_400], first: 300)
        try Self.run(&state, &analytics, muchLater)
        #expect(analytics.pools[F.pool]?.swaps24h == 1)
        #expect(analytics.totals.swaps24h == 1)
    }

    @Test("swap history is per pool and per account, newest first, paged by sequence")
    func history() throws {
        let start = try F.market()
        let (_, events) = try Self.swaps(start, at: (0..<5).map { Self.t0 + $0 })
        var state = start
        var analytics = MarketAnalytics(stablecoins: [F.usdc.address])
        try Self.run(&state, &analytics, events)
        let page = analytics.pools[F.pool]!.swaps(before: .max, limit: 3)
        #expect(page.map(\.sequence) == [8, 7, 6])
        #expect(analytics.pools[F.pool]!.swaps(before: 6, limit: 3).map(\.sequence) == [5, 4])
        #expect(analytics.swaps(account: F.trader, before: .max, limit: 10).count == 5)
        #expect(analytics.swaps(account: F.owner, before: .max, limit: 10).isEmpty)
        #expect(analytics.history(days: 2).last?.swaps == 5)
    }

    @Test("a position's balances add up to the liquidity it was minted with")
    func balances() throws {
        let state = try F.market()
        guard case .concentrated(let pool) = state.pools[F.pool]!.state else { return }
        let (amount0, amount1) = PoolBalances.of(.concentrated(pool))
        var copy = pool
        let (burn0, burn1) = try copy.burn(tickLower: -200_000, tickUpper: -192_000, amount: 10_000_000_000_000_000)
        #expect(amount0 == burn0)
        #expect(amount1 == burn1)
    }
}
