import DEXMath

extension QuoteEngine {
    /// Simulations for each search between a hop's two tokens: with one path kept, 5 find on
    /// route-compare what 40 do, and 4 miss both detours that pay (the 1,000-pool WETH→SYN8 4×2
    /// and the 10,000-pool WETH→USDC 3×3 splits); twice the least, for markets other than these.
    static let detourBudget = 10

    /// `leg`'s path with one hop replaced by a better way between that hop's two tokens, for
    /// the amount the leg carries there, avoiding the split's `otherPools` and the leg's own:
    /// at most one per hop, paying more than the hop by the estimates. Only for a leg with hops
    /// to spare. A split's smaller legs come from searches for a tenth or a twentieth of the
    /// amount, on a market the best path has moved, whose budgets run out before they reach
    /// every longer path; at the leg's own amount, a detour through deeper pools may pay more.
    func detours(of leg: (path: Path, amount: UInt256), otherPools: [Int32], request: QuoteRequest, graph: PoolGraph,
                 simulator: PathSimulator, estimator: PathSimulator) -> [Path] {
        let path = leg.path
        let spare = request.maxHops - path.hopCount
        guard spare > 0 else { return [] }
        var overlay = PoolOverlay()
        let outcome: PathSimulator.Outcome
        do throws(HopSimulator.Failure) {
            outcome = request.type == .exactIn
                ? try simulator.exactIn(path, amountIn: leg.amount, overlay: &overlay)
                : try simulator.exactOut(path, amountOut: leg.amount, overlay: &overlay)
        } catch { return [] }
        var search = PathSearch(graph: graph, simulator: estimator, type: request.type, maxHops: spare + 1, keep: 1, budget: 0)
        var detoured: [Path] = []
        for (i, hop) in outcome.hops.enumerated() {
            let direct = Path(tokens: [hop.tokenIn, hop.tokenOut], pools: [hop.pool])
            let amount = request.type == .exactIn ? hop.result.amountIn : hop.result.amountOut
            search.restart(budget: min(Self.detourBudget, configuration.maxSimulationsPerSearch))
            search.excludedPools = otherPools + path.pools.filter { $0 != hop.pool }
            search.seed([direct], amount: amount)
            search.run(tokenIn: hop.tokenIn, tokenOut: hop.tokenOut, amount: amount)
            // One kept: a bar as high as it can be, so the fewest simulations (keeping three
            // finds the same detours on route-compare for 1.3 % more instructions).
            if let best = search.found.first?.path, best != direct, let replaced = path.replacingHop(i, with: best) {
                detoured.append(replaced)
            }
        }
        return detoured
    }
}
