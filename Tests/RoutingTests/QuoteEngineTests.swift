import DEXMath
import Market
@testable import Routing
import Testing

@Suite struct QuoteEngineTests {
    /// Gas priced at zero: these tests compare gross amounts with the brute force.
    static let engine = QuoteEngine(configuration: RouterConfiguration(defaultGasPriceWei: .zero))
    static let e18 = UInt256(1_000_000_000_000_000_000)

    func request(_ market: MarketBuilder, _ a: Int, _ b: Int, _ amount: UInt256, _ type: TradeType = .exactIn,
                 hops: Int = 3, splits: Int = 1) throws -> QuoteRequest {
        try QuoteRequest(tokenIn: market.token(a), tokenOut: market.token(b), amount: amount, type: type, maxHops: hops, maxSplits: splits)
    }

    @Test func singlePoolQuoteIsThePoolsExactSwap() throws {
        var market = MarketBuilder(tokenCount: 2)
        try market.concentrated(0, 1, tick: 100)
        let graph = PoolGraph(snapshot: market.snapshot)
        guard case .concentrated(let pool) = market.pools[0].state else { return }
        let amount = try 3 * Self.e18
        let expected = try pool.swap(zeroForOne: true, amountSpecified: Int256(exactly: amount)!, sqrtPriceLimitX96: TickMath.minSqrtRatio &+ .one)

        let quote = try Self.engine.quote(request(market, 0, 1, amount), graph: graph)
        #expect(quote.amountIn == amount)
        #expect(quote.amountOut == expected.amount1.magnitude)
        #expect(quote.routes.count == 1 && quote.routes[0].portionBps == 10_000)
        let hop = try #require(quote.routes.first?.hops.first)
        #expect(hop.pool == market.pools[0].address && hop.tokenIn == market.token(0) && hop.tokenOut == market.token(1))
        #expect(hop.sqrtPriceX96After == expected.sqrtPriceX96)
        #expect(quote.stateSequence == 1)
        #expect(quote.amountOutMin == (try FullMath.mulDiv(quote.amountOut, 9950, 10_000)))
        #expect(quote.priceImpactBps >= 30)  // the 0.30 % fee alone

        let exactOut = try Self.engine.quote(request(market, 1, 0, Self.e18, .exactOut), graph: graph)
        let reverse = try pool.swap(zeroForOne: false, amountSpecified: Int256.negative(magnitude: Self.e18)!, sqrtPriceLimitX96: TickMath.maxSqrtRatio &- .one)
        #expect(exactOut.amountOut == Self.e18)
        #expect(exactOut.amountIn == reverse.amount1.magnitude)
        #expect(exactOut.amountInMax == (try FullMath.mulDivRoundingUp(exactOut.amountIn, 10_050, 10_000)))
    }

    @Test func routesThroughIntermediateTokens() throws {
        var market = MarketBuilder(tokenCount: 3)
        try market.concentrated(0, 1)
        try market.constantProduct(1, 2, reserveA: try 1000 * Self.e18, reserveB: try 2000 * Self.e18)
        let graph = PoolGraph(snapshot: market.snapshot)
        let quote = try Self.engine.quote(request(market, 0, 2, Self.e18), graph: graph)
        #expect(quote.routes.count == 1)
        #expect(quote.routes[0].hops.map(\.pool) == [market.pools[0].address, market.pools[1].address])
        #expect(quote.routes[0].hops[0].amountOut == quote.routes[0].hops[1].amountIn)
        #expect(quote.routes[0].hops[1].sqrtPriceX96After == nil)
        #expect(throws: RoutingError.noRoute) { try Self.engine.quote(try request(market, 0, 2, Self.e18, hops: 1), graph: graph) }
    }

    @Test func refusesWhatCannotBeRouted() throws {
        var market = MarketBuilder(tokenCount: 4)
        try market.concentrated(0, 1, liquidity: 1_000_000)
        try market.concentrated(2, 3)
        let graph = PoolGraph(snapshot: market.snapshot)
        #expect(throws: RoutingError.noRoute) { try Self.engine.quote(try request(market, 0, 3, Self.e18), graph: graph) }
        #expect(throws: RoutingError.insufficientLiquidity) { try Self.engine.quote(try request(market, 0, 1, try Self.e18 * Self.e18), graph: graph) }
        #expect(throws: RoutingError.insufficientLiquidity) { try Self.engine.quote(try request(market, 0, 1, Self.e18, .exactOut), graph: graph) }
        let stranger = MarketBuilder.address(99, prefix: 0x1000)
        #expect(throws: RoutingError.unknownToken(field: "tokenIn", address: stranger)) {
            try Self.engine.quote(try QuoteRequest(tokenIn: stranger, tokenOut: market.token(1), amount: 1, type: .exactIn), graph: graph)
        }
    }

    /// The pool with the best price but almost no liquidity cannot fill the trade: never route through it.
    @Test func neverRoutesThroughAPoolThatCannotFill() throws {
        var market = MarketBuilder(tokenCount: 2)
        try market.concentrated(0, 1, fee: 100, spacing: 1, tick: 500, liquidity: 10_000)
        let deep = try market.concentrated(0, 1, fee: 3000, spacing: 60, tick: 0)
        let graph = PoolGraph(snapshot: market.snapshot)
        let quote = try Self.engine.quote(request(market, 0, 1, Self.e18), graph: graph)
        #expect(quote.routes.flatMap(\.hops).map(\.pool) == [deep])
    }

    @Test func splitsALargeTradeAcrossEqualPoolsButNotWhenGasCostsMore() throws {
        var market = MarketBuilder(tokenCount: 2)
        try market.concentrated(0, 1, liquidity: 10_000_000_000_000_000_000)
        try market.concentrated(0, 1, liquidity: 10_000_000_000_000_000_000)
        let graph = PoolGraph(snapshot: market.snapshot)
        let amount = try 2000 * Self.e18
        let split = try Self.engine.quote(request(market, 0, 1, amount, splits: 2), graph: graph)
        let single = try Self.engine.quote(request(market, 0, 1, amount, splits: 1), graph: graph)
        #expect(split.routes.count == 2)
        #expect(split.amountOut > single.amountOut)
        #expect(split.routes.map(\.portionBps).reduce(0, +) == 10_000)
        // Two identical pools: the optimum is an even split, found to within a basis point.
        #expect(abs(split.routes[0].portionBps - 5_000) <= 1)

        // Priced so that a second pool's gas outweighs what it adds, the split is dropped.
        let expensiveGas = QuoteEngine(configuration: RouterConfiguration(defaultGasPriceWei: UInt256(10).power(30), nativeToken: market.token(1)))
        let small = try expensiveGas.quote(request(market, 0, 1, Self.e18, splits: 2), graph: graph)
        #expect(small.routes.count == 1)
        #expect(small.gasCostInQuoteToken > .zero)
    }

    /// Two routes through the same pool: the second sees the first's price move.
    @Test func routesSharingAPoolAreSimulatedInOrder() throws {
        var market = MarketBuilder(tokenCount: 3)
        try market.concentrated(0, 1, liquidity: 50_000_000_000_000_000_000)  // shared first hop
        try market.concentrated(1, 2, liquidity: 5_000_000_000_000_000_000)
        try market.concentrated(1, 2, fee: 500, spacing: 10, liquidity: 5_000_000_000_000_000_000)
        let graph = PoolGraph(snapshot: market.snapshot)
        let quote = try Self.engine.quote(request(market, 0, 2, try 500 * Self.e18, splits: 2), graph: graph)
        #expect(quote.routes.count == 2)
        let legs = quote.routes.map { route in
            (Path(tokens: [0, 1, 2], pools: route.hops.map { graph.poolIndex(of: $0.pool)! }), route.amountIn)
        }
        #expect(BruteForce(graph: graph).evaluate(legs, type: .exactIn) == quote.amountOut)
        // The first route runs on the untouched pools; the second alone would claim more than it
        // gets after the first moved the shared pool.
        let first = try Self.engine.simulate(tokenIn: market.token(0), pools: quote.routes[0].hops.map(\.pool), amount: quote.routes[0].amountIn, type: .exactIn, graph: graph)
        let second = try Self.engine.simulate(tokenIn: market.token(0), pools: quote.routes[1].hops.map(\.pool), amount: quote.routes[1].amountIn, type: .exactIn, graph: graph)
        #expect(first.amountOut == quote.routes[0].amountOut)
        #expect(second.amountOut > quote.routes[1].amountOut)
    }
}

extension UInt256 {
    func power(_ n: Int) -> UInt256 { (0..<n).reduce(UInt256.one) { acc, _ in acc &* self } }
}
