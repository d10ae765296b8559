import DEXMath
import Market
@testable import Routing
import Testing

/// The search keeps the best paths of all: amounts from shallow to far past what most pools can
/// carry, so that the pools' bounds come from their rates, their caps, or both.
@Suite struct PathSearchTests {
    @Test func keptPathsAreTheBestOfEveryPath() throws {
        var capped = 0
        for seed in UInt64(1)...8 {
            let market = try MarketBuilder.random(tokenCount: 6, extraPools: 14, seed: seed)
            let graph = PoolGraph(snapshot: market.snapshot)
            let simulator = PathSimulator(graph: graph, gas: GasModel())
            let every = BruteForce(graph: graph).paths(from: 0, to: 5, maxHops: 3)
            for type in TradeType.allCases {
                for scale in [UInt64(1), 2_000, 1_000_000, 1_000_000_000] {
                    let amount = UInt256(10_000_000_000_000_000) &* UInt256(scale)
                    var search = PathSearch(graph: graph, simulator: simulator, type: type, maxHops: 3, keep: 3, budget: 1_000_000)
                    search.run(tokenIn: 0, tokenOut: 5, amount: amount)
                    let amounts = every.compactMap { path in
                        simulator.amounts(path, amount: amount, type: type).map { type == .exactIn ? $0.amountOut : $0.amountIn }
                    }
                    let best = Array(amounts.sorted { type == .exactIn ? $0 > $1 : $0 < $1 }.prefix(3))
                    #expect(search.found.map(\.amount) == best, "seed \(seed) \(type) ×\(scale)")
                    if amounts.count < every.count { capped += 1 }
                }
            }
        }
        // The largest amounts are beyond some paths' pools: the caps were in play.
        #expect(capped > 0)
    }
}
