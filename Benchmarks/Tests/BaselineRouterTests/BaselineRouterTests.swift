// The baseline must be a correct reference: its paths are all the simple paths, its per-path
// amounts are the exact swap results (checked against Routing's `simulate`), and its splits
// are disjoint and add up to the request.

import BaselineRouter
import DEXMath
import Market
import Routing
import RoutingWorkload
import Testing

struct BaselineRouterTests {
    let snapshot: MarketSnapshot
    let graph: PoolGraph
    let baseline: BaselineRouter

    init() throws {
        snapshot = try SyntheticMarket.generate(pools: 60, tokens: 15, seed: 7)
        graph = PoolGraph(snapshot: snapshot)
        baseline = BaselineRouter(snapshot: snapshot)
    }

    /// Every simple path of ≤ maxHops pools, by the most naive enumeration there is.
    func naivePaths(from a: Address, to b: Address, maxHops: Int) -> [[MarketPool]] {
        var result: [[MarketPool]] = []
        func walk(_ token: Address, _ visited: [Address], _ path: [MarketPool]) {
            guard path.count < maxHops else { return }
            for pool in snapshot.pools where pool.token0 == token || pool.token1 == token {
                let next = pool.token0 == token ? pool.token1 : pool.token0
                if visited.contains(next) { continue }
                if next == b { result.append(path + [pool]) } else { walk(next, visited + [next], path + [pool]) }
            }
        }
        walk(a, [a], [])
        return result
    }

    @Test(arguments: [true, false])
    func singlePathIsTheBestOfAllPaths(exactIn: Bool) throws {
        for request in WorkloadRequests.make(snapshot, exactIn: exactIn) {
            for hops in 1...3 {
                // Brute force: every path simulated from scratch by Routing's simulate.
                var best: UInt256?
                for path in naivePaths(from: request.tokenIn, to: request.tokenOut, maxHops: hops) {
                    guard let route = try? QuoteEngine().simulate(tokenIn: request.tokenIn, pools: path.map(\.address), amount: request.amount,
                                                                  type: exactIn ? .exactIn : .exactOut, graph: graph) else { continue }
                    let value = exactIn ? route.amountOut : route.amountIn
                    if best == nil || (exactIn ? value > best! : value < best!) { best = value }
                }
                let result = try? baseline.quote(tokenIn: request.tokenIn, tokenOut: request.tokenOut, amount: request.amount,
                                                 exactIn: exactIn, maxHops: hops, maxSplits: 1)
                #expect(result.map { exactIn ? $0.amountOut : $0.amountIn } == best, "\(request) hops \(hops)")
                if let result {
                    #expect(result.legs.count == 1)
                    #expect((exactIn ? result.amountIn : result.amountOut) == request.amount)
                }
            }
        }
    }

    @Test(arguments: [true, false])
    func splitsAreDisjointExactAndNoWorse(exactIn: Bool) throws {
        for request in WorkloadRequests.make(snapshot, exactIn: exactIn) {
            let single = try? baseline.quote(tokenIn: request.tokenIn, tokenOut: request.tokenOut, amount: request.amount,
                                             exactIn: exactIn, maxHops: 3, maxSplits: 1)
            guard let split = try? baseline.quote(tokenIn: request.tokenIn, tokenOut: request.tokenOut, amount: request.amount,
                                                  exactIn: exactIn, maxHops: 3, maxSplits: 3) else {
                #expect(single == nil)
                continue
            }
            #expect(split.legs.count <= 3)
            #expect(split.legs.map(\.percent).reduce(0, +) == 100)
            let pools = split.legs.flatMap(\.pools)
            #expect(Set(pools).count == pools.count, "legs share a pool: \(request)")
            #expect((exactIn ? split.amountIn : split.amountOut) == request.amount)
            // Each leg is exactly what simulate gives for its path and amount.
            for leg in split.legs {
                let route = try QuoteEngine().simulate(tokenIn: request.tokenIn, pools: leg.pools, amount: exactIn ? leg.amountIn : leg.amountOut,
                                                       type: exactIn ? .exactIn : .exactOut, graph: graph)
                #expect(route.amountIn == leg.amountIn && route.amountOut == leg.amountOut)
            }
            if let single {
                #expect(exactIn ? split.amountOut >= single.amountOut : split.amountIn <= single.amountIn)
            }
        }
    }
}
