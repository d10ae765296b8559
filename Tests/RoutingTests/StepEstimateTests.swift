import DEXMath
import Market
@testable import Routing
import Testing
import TestSupport

/// Estimated hops (the split candidates' and the optimiser's) against the exact swap.
@Suite struct StepEstimateTests {
    @Test(arguments: [TradeType.exactIn, .exactOut])
    func estimatedHopsAreWithinATrillionthOfTheExactSwapOrItsRounding(type: TradeType) throws {
        var estimated = 0
        var differing = 0
        var rng = SplitMix64(seed: 7)
        for seed in UInt64(1)...6 {
            let market = try MarketBuilder.random(tokenCount: 5, extraPools: 8, seed: seed)
            let graph = PoolGraph(snapshot: market.snapshot)
            let exact = PathSimulator(graph: graph, gas: GasModel())
            var estimator = exact
            estimator.estimates = true
            for (index, node) in graph.nodes.enumerated() where graph.swapLadders[index] != nil {
                for tokenIn in [node.token0, node.token1] {
                    for _ in 0..<12 {
                        // 10^12 … 10^21 wei, mostly short of what the pool holds.
                        let amount = UInt256(rng.next() % 1_000_000_000 + 1) &* UInt256(UInt64(1_000) << (rng.next() % 30))
                        guard let want = exact.hop(Int32(index), tokenIn: tokenIn, amount: amount, type: type) else { continue }
                        let zeroForOne = tokenIn == node.token0
                        var step = SwapLadder.PartialStep()
                        if graph.swapLadders[index]!.partialStep(zeroForOne: zeroForOne, amount: amount, exactInput: type == .exactIn, into: &step) {
                            estimated += 1
                        }
                        let got = try #require(estimator.hop(Int32(index), tokenIn: tokenIn, amount: amount, type: type))
                        let (a, b) = type == .exactIn ? (got.amountOut, want.amountOut) : (got.amountIn, want.amountIn)
                        let gap = a > b ? a &- b : b &- a
                        // The contract's own roundings (a wei of input after fee is up to a price's
                        // worth of output; prices here are within 1.0001^±40000, under 60) aside.
                        let tolerance = try b / UInt256(1_000_000_000_000) &+ UInt256(100)
                        if gap > .zero { differing += 1 }
                        #expect(gap <= tolerance, "pool \(index) \(type) \(amount): \(a) vs \(b)")
                        #expect(got.ticksCrossed == want.ticksCrossed)
                        #expect(type == .exactIn ? got.amountIn == amount : got.amountOut == amount)
                    }
                }
            }
        }
        // The comparison is of estimates, not of the exact fallback.
        #expect(estimated > 100)
        #expect(differing > 0)
    }
}
