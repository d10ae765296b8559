import DEXMath

extension QuoteEngine {
    /// Simulations for the search at twice a saturated leg's amount. On the 10,000-pool market
    /// the path it must find (WETH→USDC 3×3 medium, 2 hops through deeper pools) ranks below
    /// many shallow paths with better marginal rates: 200 find it; 100 and 150 find a path worth
    /// 0.7 bp, still 8 bp under the baseline.
    static let widerLegBudget = 200

    /// For a split's `smallest` leg that carries at least the optimiser's chunk (a tenth), has
    /// no hop to spare and saturates: the best path for twice its amount that avoids the other
    /// legs' pools and pays more there than `takeoverBar`; nil when there is none.
    ///
    /// The complement searches look for paths best at a tenth and a twentieth of the amount, so
    /// a leg carrying more than that was chosen for a share no search looked at; when its next
    /// share pays under half its first, a deeper path may carry more of the amount. `detours`
    /// deepen legs with hops to spare; this is for the others.
    func widerLeg(_ smallest: Int, of legs: [(Path, UInt256)], otherPools: [Int32], request: QuoteRequest, tokenIn: Int32,
                  tokenOut: Int32, graph: PoolGraph, estimator: PathSimulator) -> Path? {
        let (path, amount) = legs[smallest]
        guard path.hopCount == request.maxHops,
              let chunk = try? request.amount / UInt256(SplitOptimizer.chunks), amount >= chunk,
              let doubled = try? amount + amount,
              Self.saturates(path, at: amount, doubled: doubled, type: request.type, estimator: estimator),
              let bar = Self.takeoverBar(smallest, of: legs, type: request.type, estimator: estimator),
              let found = searchedPath(for: doubled, avoiding: otherPools, mustBeat: bar, budget: Self.widerLegBudget, request: request,
                                       tokenIn: tokenIn, tokenOut: tokenOut, graph: graph, estimator: estimator),
              found != path else { return nil }
        return found
    }

    /// Whether a second `amount` along `path` pays under half the first, by the estimates:
    /// less than half the output for exact input, more than twice the input for exact output.
    /// A path that cannot fill `doubled` saturates.
    static func saturates(_ path: Path, at amount: UInt256, doubled: UInt256, type: TradeType, estimator: PathSimulator) -> Bool {
        guard let first = estimator.amounts(path, amount: amount, type: type) else { return false }
        guard let both = estimator.amounts(path, amount: doubled, type: type) else { return true }
        // The estimates of the second share are clamped at zero, as the exact amounts would be.
        switch type {
        case .exactIn:
            let second = (try? both.amountOut - first.amountOut) ?? .zero
            return (try? second + second).map { $0 < first.amountOut } ?? false
        case .exactOut:
            let second = (try? both.amountIn - first.amountIn) ?? .zero
            return (try? first.amountIn + first.amountIn).map { second > $0 } ?? true
        }
    }

    /// What a path carrying the `smallest` leg's amount twice must pay, by the estimates, for
    /// the first move an optimisation with it would make to pay: as much as that leg and the
    /// last share of the same amount on the other leg that gives it up most cheaply (output
    /// for exact input; the input they take, for exact output). The optimiser has levelled the
    /// legs' marginal rates, so a path under the bar would leave the legs as they are, and the
    /// search prunes every path that cannot beat it. On the target's request 10 the
    /// optimisation would cost 16 % of the quote; the checks and a search nothing clears, 3 %.
    static func takeoverBar(_ smallest: Int, of legs: [(Path, UInt256)], type: TradeType, estimator: PathSimulator) -> UInt256? {
        let share = legs[smallest].1
        func value(_ path: Path, _ amount: UInt256) -> UInt256? {
            if amount.isZero { return .zero }
            return estimator.amounts(path, amount: amount, type: type).map { type == .exactIn ? $0.amountOut : $0.amountIn }
        }
        // Each other leg's last share: the output lost, or the input saved, without it.
        let lastShares = legs.indices.filter { $0 != smallest }.compactMap { j -> UInt256? in
            guard let all = value(legs[j].0, legs[j].1), let rest = value(legs[j].0, legs[j].1 &- share) else { return nil }
            return (try? all - rest) ?? .zero
        }
        guard let replaced = value(legs[smallest].0, share),
              let cheapest = type == .exactIn ? lastShares.min() : lastShares.max() else { return nil }
        return try? replaced + cheapest
    }
}
