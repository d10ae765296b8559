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
                 estimator: PathSimulator) -> [Path] {
        let path = leg.path
        let spare = request.maxHops - path.hopCount
        guard spare > 0 else { return [] }
        // The amount the leg carries at each hop (into it for exact input, out of it for exact
        // output), by the estimates: they only aim the searches.
        var carried = [UInt256](repeating: .zero, count: path.hopCount)
        let walked = estimator.walk(path, amount: leg.amount, type: request.type) { pool, i, amount in
            carried[i] = amount
            return estimator.hop(pool, tokenIn: path.tokens[i], amount: amount, type: request.type)
        }
        guard walked != nil else { return [] }
        var search = PathSearch(graph: graph, simulator: estimator, type: request.type, maxHops: spare + 1, keep: 1, budget: 0)
        // Every hop's search excludes the same pools but its own: one list, the hop's own pool
        // blanked out (no pool has index -1) while its search runs. It and the seed are changed
        // in place, so the searches allocate nothing they do not record.
        search.excludedPools = otherPools + path.pools
        var direct = Path(tokens: [path.tokens[0], path.tokens[1]], pools: [path.pools[0]])
        var detoured: [Path] = []
        for i in 0..<path.hopCount {
            direct.tokens[0] = path.tokens[i]
            direct.tokens[1] = path.tokens[i + 1]
            direct.pools[0] = path.pools[i]
            search.restart(budget: min(Self.detourBudget, configuration.maxSimulationsPerSearch))
            search.excludedPools[otherPools.count + i] = -1
            search.seed(direct, amount: carried[i])
            search.run(tokenIn: path.tokens[i], tokenOut: path.tokens[i + 1], amount: carried[i])
            search.excludedPools[otherPools.count + i] = path.pools[i]
            // One kept: a bar as high as it can be, so the fewest simulations (keeping three
            // finds the same detours on route-compare for 1.3 % more instructions).
            if let best = search.found.first?.path, best != direct, let replaced = path.replacingHop(i, with: best) {
                detoured.append(replaced)
            }
        }
        return detoured
    }
}
