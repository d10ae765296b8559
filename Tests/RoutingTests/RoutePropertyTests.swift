import DEXMath
import Market
@testable import Routing
import Testing

/// The engine's guarantees on random small markets, against the brute force.
@Suite struct RoutePropertyTests {
    static let engine = QuoteEngine(configuration: RouterConfiguration(defaultGasPriceWei: .zero))
    static let seeds: [UInt64] = Array(1...12)

    static func setup(_ seed: UInt64) throws -> (MarketBuilder, PoolGraph) {
        let market = try MarketBuilder.random(tokenCount: 5, extraPools: 5, seed: seed)
        return (market, PoolGraph(snapshot: market.snapshot))
    }

    static func amount(_ seed: UInt64) -> UInt256 {
        UInt256(UInt64(seed % 7 + 1) * 10_000_000_000_000_000)  // 0.01 … 0.07 of a token
    }

    /// Within 1 bp of the best the brute force finds over all paths and split grids.
    @Test(arguments: seeds)
    func withinOneBasisPointOfTheBruteForceOptimum(seed: UInt64) throws {
        let (market, graph) = try Self.setup(seed)
        for type in TradeType.allCases {
            let amount = Self.amount(seed) &* UInt256(UInt64(seed % 3 == 0 ? 5_000 : 1))  // some trades deep into the curves
            let request = try QuoteRequest(tokenIn: market.token(0), tokenOut: market.token(4), amount: amount, type: type, maxHops: 3, maxSplits: 2)
            let brute = BruteForce(graph: graph).bestSplit(from: 0, to: 4, amount: amount, maxHops: 3, maxSplits: 2, type: type)
            guard let reference = brute else {
                #expect(throws: RoutingError.self) { try Self.engine.quote(request, graph: graph) }
                continue
            }
            let quote = try Self.engine.quote(request, graph: graph)
            let achieved = type == .exactIn ? quote.amountOut : quote.amountIn
            // exactIn: achieved ≥ reference·(1 − 1e-4); exactOut: achieved ≤ reference·(1 + 1e-4).
            let tolerance = try FullMath.mulDivRoundingUp(reference, .one, UInt256(10_000))
            if type == .exactIn {
                #expect(achieved &+ tolerance >= reference, "seed \(seed): \(achieved) vs brute \(reference)")
            } else {
                #expect(achieved <= reference &+ tolerance, "seed \(seed): \(achieved) vs brute \(reference)")
            }
        }
    }

    @Test(arguments: seeds)
    func neverWorseThanTheBestSinglePath(seed: UInt64) throws {
        let (market, graph) = try Self.setup(seed)
        let amount = Self.amount(seed) &* UInt256(1000)
        guard let single = BruteForce(graph: graph).bestSingle(from: 1, to: 3, amount: amount, maxHops: 4, type: .exactIn) else { return }
        for splits in 1...3 {
            let quote = try Self.engine.quote(try QuoteRequest(tokenIn: market.token(1), tokenOut: market.token(3), amount: amount, type: .exactIn, maxHops: 4, maxSplits: splits), graph: graph)
            #expect(quote.amountOut >= single, "seed \(seed) splits \(splits)")
        }
    }

    @Test(arguments: seeds)
    func moreInputNeverYieldsLessOutput(seed: UInt64) throws {
        let (market, graph) = try Self.setup(seed)
        var previous = UInt256.zero
        for step in 1...8 {
            let amount = Self.amount(seed) &* UInt256(UInt64(step * step * 100))
            let request = try QuoteRequest(tokenIn: market.token(4), tokenOut: market.token(0), amount: amount, type: .exactIn, maxHops: 3, maxSplits: 3)
            guard let quote = try? Self.engine.quote(request, graph: graph) else { break }
            #expect(quote.amountOut >= previous, "seed \(seed) step \(step)")
            previous = quote.amountOut
        }
    }

    /// Each route of a quote, simulated on its own path in the quote's order, moves exactly the quoted amounts.
    @Test(arguments: seeds)
    func quotedAmountsEqualSimulation(seed: UInt64) throws {
        let (market, graph) = try Self.setup(seed)
        for type in TradeType.allCases {
            let request = try QuoteRequest(tokenIn: market.token(2), tokenOut: market.token(0), amount: Self.amount(seed) &* UInt256(300), type: type, maxHops: 3, maxSplits: 3)
            guard let quote = try? Self.engine.quote(request, graph: graph) else { continue }
            #expect(quote.routes.map(\.amountIn).reduce(.zero, &+) == quote.amountIn)
            #expect(quote.routes.map(\.amountOut).reduce(.zero, &+) == quote.amountOut)
            let specified = quote.routes.map { type == .exactIn ? $0.amountIn : $0.amountOut }.reduce(.zero, &+)
            #expect(specified == request.amount)
            var poolsSeen = Set<Address>()
            for route in quote.routes {
                let pools = route.hops.map(\.pool)
                let simulated = try Self.engine.simulate(tokenIn: market.token(2), pools: pools, amount: type == .exactIn ? route.amountIn : route.amountOut, type: type, graph: graph)
                // Routes after one that moved a shared pool see its state, which simulate alone does not.
                if poolsSeen.isDisjoint(with: pools) {
                    #expect(simulated.amountIn == route.amountIn && simulated.amountOut == route.amountOut)
                    #expect(simulated.hops == route.hops)
                }
                poolsSeen.formUnion(pools)
            }
        }
    }
}
