import DEXMath

/// The best single paths for one amount, found exactly by branch and bound.
///
/// The search walks paths from the fixed end (tokenIn for exact input, tokenOut for exact
/// output), simulating every hop exactly. Before simulating a hop it bounds the best any
/// completion could achieve — the exact amount so far times the pool's marginal-rate bound
/// times the best rate bound onward (`RateTable`) — and skips the hop when that cannot beat
/// the `keep`-th best complete path found so far. The bounds are true bounds, so no path that
/// could rank in the top `keep` is ever skipped, whatever its first hop looks like.
struct PathSearch {
    struct Candidate: Sendable {
        var path: Path
        /// Output for exact input, input for exact output.
        var amount: UInt256
    }

    let graph: PoolGraph
    let simulator: PathSimulator
    let type: TradeType
    let maxHops: Int
    let keep: Int
    private(set) var budget: Int
    private(set) var simulations = 0
    /// Best first: highest output (exactIn) or lowest input (exactOut).
    private(set) var found: [Candidate] = []
    private(set) var anyPathExists = false

    init(graph: PoolGraph, simulator: PathSimulator, type: TradeType, maxHops: Int, keep: Int, budget: Int) {
        self.graph = graph
        self.simulator = simulator
        self.type = type
        self.maxHops = maxHops
        self.keep = max(1, keep)
        self.budget = budget
    }

    /// Fills `found` with the best paths from `tokenIn` to `tokenOut` for `amount`.
    mutating func run(tokenIn: Int32, tokenOut: Int32, amount: UInt256) {
        switch type {
        case .exactIn:
            let onward = RateTable.toward(tokenOut, maxHops: maxHops - 1, in: graph)
            expandExactIn(Path(tokens: [tokenIn], pools: []), amount: amount, target: tokenOut, onward: onward)
        case .exactOut:
            let backward = RateTable.from(tokenIn, maxHops: maxHops - 1, in: graph)
            expandExactOut(Path(tokens: [tokenOut], pools: []), amount: amount, source: tokenIn, backward: backward)
        }
    }

    // MARK: Exact input: forward from tokenIn, maximising output.

    private mutating func expandExactIn(_ path: Path, amount: UInt256, target: Int32, onward: RateTable) {
        let here = path.tokens.last!
        let hopsLeft = maxHops - path.hopCount
        let amountBound = RateBound(amount, rounding: .up)
        var options: [(edge: PoolGraph.Edge, bound: RateBound)] = []
        for edge in graph.vertices[Int(here)].edges where !path.tokens.contains(edge.to) {
            let rest = edge.to == target ? RateBound.one : (hopsLeft > 1 ? onward.bound(edge.to, hops: hopsLeft - 1) : .zero)
            if rest.isZero { continue }
            anyPathExists = true
            // What this pool can pass on is capped by what it holds, and what arrives at the
            // target by what the pools beyond can deliver.
            let passed = min(amountBound.multiplied(by: graph.rate(edge), rounding: .up), graph.capacity(edge))
            let beyond = edge.to == target ? RateBound.infinity : onward.deliverable(edge.to, hops: hopsLeft - 1)
            let bound = min(passed.multiplied(by: rest, rounding: .up), beyond)
            if !bound.isZero { options.append((edge, bound)) }
        }
        options.sort { $0.bound > $1.bound }
        for (edge, bound) in options {
            // The bar only rises as paths are found: re-check before paying for a simulation.
            if let bar = bar, !bound.canExceed(bar) { break }
            guard budget > 0 else { return }
            budget -= 1
            simulations += 1
            guard let out = simulator.hop(edge.pool, tokenIn: here, amount: amount, type: .exactIn) else { continue }
            let next = path.appending(pool: edge.pool, token: edge.to)
            if edge.to == target {
                record(Candidate(path: next, amount: out))
            } else {
                expandExactIn(next, amount: out, target: target, onward: onward)
            }
        }
    }

    // MARK: Exact output: backward from tokenOut, minimising input.

    private mutating func expandExactOut(_ path: Path, amount: UInt256, source: Int32, backward: RateTable) {
        let here = path.tokens.first!
        let hopsLeft = maxHops - path.hopCount
        let required = RateBound(amount, rounding: .down)
        var options: [(edge: PoolGraph.Edge, bound: RateBound)] = []
        for edge in graph.vertices[Int(here)].edges where !path.tokens.contains(edge.to) {
            let node = graph.nodes[Int(edge.pool)]
            // The pool swaps edge.to → here, against the edge's own direction.
            let rate = edge.zeroForOne ? node.rateOneForZero : node.rateZeroForOne
            let before = edge.to == source ? RateBound.one : (hopsLeft > 1 ? backward.bound(edge.to, hops: hopsLeft - 1) : .zero)
            if rate.isZero || before.isZero { continue }
            anyPathExists = true
            // A pool cannot pay out more than it holds.
            let capacity = edge.zeroForOne ? node.capacityOneForZero : node.capacityZeroForOne
            if required > capacity { continue }
            // input ≥ output / (rate bound of everything before it): a lower bound.
            let bound = required.divided(by: rate.multiplied(by: before, rounding: .up), rounding: .down)
            options.append((edge, bound))
        }
        options.sort { $0.bound < $1.bound }
        for (edge, bound) in options {
            if let bar = bar, !bound.canBeBelow(bar) { break }
            guard budget > 0 else { return }
            budget -= 1
            simulations += 1
            guard let input = simulator.hop(edge.pool, tokenIn: edge.to, amount: amount, type: .exactOut) else { continue }
            let next = path.prepending(pool: edge.pool, token: edge.to)
            if edge.to == source {
                record(Candidate(path: next, amount: input))
            } else {
                expandExactOut(next, amount: input, source: source, backward: backward)
            }
        }
    }

    // MARK: Keeping the best

    /// The amount a new path must beat to enter the kept set, once it is full.
    private var bar: UInt256? {
        found.count < keep ? nil : found.last!.amount
    }

    private func better(_ a: UInt256, than b: UInt256) -> Bool {
        type == .exactIn ? a > b : a < b
    }

    private mutating func record(_ candidate: Candidate) {
        let position = found.firstIndex { better(candidate.amount, than: $0.amount) } ?? found.count
        guard position < keep else { return }
        found.insert(candidate, at: position)
        if found.count > keep { found.removeLast() }
    }
}
