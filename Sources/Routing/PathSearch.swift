import DEXMath

/// The best single paths for one amount, found exactly by branch and bound.
///
/// The search walks paths from the fixed end (tokenIn for exact input, tokenOut for exact
/// output), simulating every hop: exactly, unless its simulator estimates partial steps (the
/// searches for split candidates: their amounts are then within 10⁻¹² of exact). Before
/// simulating a hop it bounds the best any completion could achieve — the amount so far times
/// the pool's marginal-rate bound times the best rate bound onward (`RateTable`) — and skips
/// the hop when that cannot beat the `keep`-th best complete path found so far. The bounds are
/// true bounds, so no path that could rank in the top `keep` is ever skipped, whatever its first
/// hop looks like.
struct PathSearch {
    struct Candidate: Sendable {
        var path: Path
        /// Output for exact input, input for exact output.
        var amount: UInt256
        /// Pool and tick-crossing gas of the path at this amount (as `PathSimulator.Outcome.gasUnits`).
        var gasUnits: UInt64
    }

    typealias Option = (edge: PoolGraph.Edge, bound: RateBound)

    /// Options listed at one token, reserved up front: about what a hub of the 1,000-pool market lists.
    static let listedPoolsCapacity = 256

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
    /// The path being extended (tokens from the fixed end, pools in walk order) and one
    /// reusable option list per depth: the walk allocates only for paths it records.
    private var tokens = InlineIndices()
    private var pools = InlineIndices()
    private var optionLists: [[Option]] = []
    /// The pools of each token in bound order, for this search's fixed end.
    private(set) var ranking: EdgeRanking?
    /// Pool states moved by trades the search should see (the residual market), and their
    /// rate and capacity bounds as moved.
    private var overlay = PoolOverlay()
    private var moved: [ResidualMarket.Moved] = []

    /// Searches the market as `residual` leaves it, without building that market: hops through
    /// the moved pools are simulated on their moved states, under their moved bounds.
    /// The onward rate tables stay the unmoved market's; they can understate only a path that
    /// crosses a moved pool against the move, so such a path may be pruned. Used only where
    /// the search proposes split candidates, never for a quote's own amounts.
    mutating func searchResidual(of residual: ResidualMarket) {
        overlay = residual.overlay
        moved = residual.moved
    }

    /// Rate bound of a pool in a direction (zeroForOne: token0 in), as moved.
    @inline(__always)
    private func rate(_ pool: Int32, zeroForOne: Bool) -> RateBound {
        for m in moved where m.pool == pool { return zeroForOne ? m.rates.0 : m.rates.1 }
        return zeroForOne ? graph.nodes[Int(pool)].rateZeroForOne : graph.nodes[Int(pool)].rateOneForZero
    }

    @inline(__always)
    private func capacity(_ pool: Int32, zeroForOne: Bool) -> RateBound {
        for m in moved where m.pool == pool { return zeroForOne ? m.capacities.0 : m.capacities.1 }
        return zeroForOne ? graph.nodes[Int(pool)].capacityZeroForOne : graph.nodes[Int(pool)].capacityOneForZero
    }

    /// Mutating though it changes nothing: called from the mutating walk, a non-mutating
    /// method is handed a copy of the whole search (about 400 bytes) for every hop.
    @inline(__always)
    private mutating func hop(_ pool: Int32, tokenIn: Int32, amount: UInt256, type: TradeType) -> HopSimulator.Amounts? {
        if !moved.isEmpty, let state = overlay.changedState(of: pool) {
            return HopSimulator.amounts(state, zeroForOne: tokenIn == graph.nodes[Int(pool)].token0, amount: amount, exactInput: type == .exactIn)
        }
        return simulator.hop(pool, tokenIn: tokenIn, amount: amount, type: type)
    }

    /// Pools the search may not use (a complement to paths already chosen).
    var excludedPools: [Int32] = []
    /// When set, the search looks for the best path net of gas: gas units → value in the
    /// quote token, and the least gas any path costs. A path can then beat a found one only
    /// if its gross amount beats that path's net amount plus the least gas, a bar usually far
    /// above the `keep`-th best gross amount.
    var netOfGas: (value: (UInt64) -> UInt256, leastGas: UInt64)?
    /// The net-of-gas bar, updated as paths are recorded.
    private var gasBar: UInt256?
    /// An amount every path kept must beat (more output for exact input, less input for exact
    /// output): a caller that can use no other path spares the simulations of paths that
    /// cannot beat it.
    var mustBeat: UInt256? {
        didSet { updateBar() }
    }

    init(graph: PoolGraph, simulator: PathSimulator, type: TradeType, maxHops: Int, keep: Int, budget: Int) {
        self.graph = graph
        self.simulator = simulator
        self.type = type
        self.maxHops = maxHops
        self.keep = max(1, keep)
        self.budget = budget
        // Room for a hub's listed pools at every depth, so the walk's lists never regrow.
        optionLists = (0...maxHops).map { _ in
            var list: [Option] = []
            list.reserveCapacity(Self.listedPoolsCapacity)
            return list
        }
    }

    /// Fills `found` with the best paths from `tokenIn` to `tokenOut` for `amount`.
    mutating func run(tokenIn: Int32, tokenOut: Int32, amount: UInt256) {
        let end = type == .exactIn ? tokenOut : tokenIn
        if ranking?.end != end { ranking = EdgeRanking.of(graph, type: type, end: end, maxHops: maxHops) }
        pools.removeAll()
        tokens.removeAll()
        switch type {
        case .exactIn:
            tokens.append(tokenIn)
            expandExactIn(amount: amount, gasUnits: 0, target: tokenOut)
        case .exactOut:
            tokens.append(tokenOut)
            expandExactOut(amount: amount, gasUnits: 0, source: tokenIn)
        }
    }

    /// Forgets what earlier runs found, for another run with a fresh `budget`: one search
    /// serves several small runs without reserving its lists again.
    mutating func restart(budget: Int) {
        self.budget = budget
        simulations = 0
        found.removeAll(keepingCapacity: true)
        anyPathExists = false
        gasBar = nil
        updateBar()
    }

    /// Records `paths` (from tokenIn to tokenOut) at `amount` before the search runs, so that
    /// it starts with their values as its bar instead of finding it: paths found for a
    /// neighbouring amount are usually among the best for this one, and every path they beat
    /// is pruned from the start. The search stays exact: it still finds every path that can
    /// beat them.
    mutating func seed(_ paths: [Path], amount: UInt256) {
        for path in paths where !seed(path, amount: amount) { return }
    }

    /// Records one path as `seed(_:amount:)` does, without an array to hold it; false when the
    /// budget is spent.
    @discardableResult
    mutating func seed(_ path: Path, amount: UInt256) -> Bool {
        if found.contains(where: { $0.path == path }) || path.pools.contains(where: excludedPools.contains) { return true }
        guard budget >= path.hopCount else { return false }
        budget -= path.hopCount
        simulations += path.hopCount
        let walked = simulator.walk(path, amount: amount, type: type) { pool, i, carried in
            hop(pool, tokenIn: path.tokens[i], amount: carried, type: type)
        }
        if let walked {
            record(Candidate(path: path, amount: type == .exactIn ? walked.amountOut : walked.amountIn, gasUnits: walked.gasUnits))
        }
        return true
    }

    private func visited(_ token: Int32) -> Bool {
        for t in tokens where t == token { return true }
        return false
    }

    /// The edge out of `token` through `pool`, a pool the residual market moved (the ranking
    /// orders those by their unmoved rates, which a move against their direction can make too
    /// low); nil when the pool does not trade the token.
    private func movedEdge(_ pool: Int32, from token: Int32) -> PoolGraph.Edge? {
        let node = graph.nodes[Int(pool)]
        if node.token0 == token { return PoolGraph.Edge(pool: pool, to: node.token1, zeroForOne: true) }
        if node.token1 == token { return PoolGraph.Edge(pool: pool, to: node.token0, zeroForOne: false) }
        return nil
    }

    private func isMoved(_ pool: Int32) -> Bool {
        for m in moved where m.pool == pool { return true }
        return false
    }

    /// Whether the walk may take an onward pool (the ranking's lists leave the moved pools to
    /// the heap): one that neither leads back along the path nor is excluded.
    @inline(__always)
    private func mayTake(_ edge: PoolGraph.Edge) -> Bool {
        !visited(edge.to) && !excludedPools.contains(edge.pool) && !isMoved(edge.pool)
    }

    // MARK: Exact input: forward from tokenIn, maximising output.

    private mutating func expandExactIn(amount: UInt256, gasUnits: UInt64, target: Int32) {
        let here = tokens[tokens.count - 1]
        let depth = pools.count
        let hopsLeft = maxHops - depth
        let amountBound = RateBound(amount, rounding: .up)
        // Pools straight into the target (first: one simulation each, and they set the bar
        // before the deeper options, whose bounds the onward tables loosen most) and moved
        // pools wait in a heap. The onward pools are taken from the ranking's two orders as
        // the walk reaches them, so the many that the bar prunes by then are never read.
        var options: [Option] = []
        swap(&options, &optionLists[depth])
        options.removeAll(keepingCapacity: true)
        let lists = ranking!.lists(here, hopsLeft: hopsLeft, in: graph)
        for ranked in lists.direct where !isMoved(ranked.edge.pool) {
            addExactIn(ranked, amountBound: amountBound, to: &options)
        }
        for m in moved {
            guard let edge = movedEdge(m.pool, from: here) else { continue }
            addExactIn(edge, amountBound: amountBound, target: target, hopsLeft: hopsLeft, to: &options)
        }
        let first: (Option, Option) -> Bool = { ($0.edge.to == target) != ($1.edge.to == target) ? $0.edge.to == target : $0.bound > $1.bound }
        options.heapify(by: first)
        // The onward pools come in two orders, each best bound first: those the amount leaves
        // uncapped by key (bound amount × key), the capped ones by cap. Each order's next pool
        // bounds every pool after it, so the best of the heap and the two is the best option.
        var byKey = 0
        var byCap = 0
        var uncapped: Option?
        var capped: Option?
        while true {
            if uncapped == nil { uncapped = nextUncapped(lists, from: &byKey, amountBound: amountBound) }
            if capped == nil { capped = nextCapped(lists, from: &byCap, amountBound: amountBound) }
            let edge: PoolGraph.Edge, bound: RateBound
            if let top = options.first, !(capped.map { first($0, top) } ?? false), !(uncapped.map { first($0, top) } ?? false) {
                (edge, bound) = options.popHeap(by: first)!
            } else if let option = capped, !(uncapped.map { first($0, option) } ?? false) {
                (edge, bound) = option
                capped = nil
            } else if let option = uncapped {
                (edge, bound) = option
                uncapped = nil
            } else {
                break
            }
            // The bar only rises as paths are found: re-check before paying for a simulation.
            if let barDown, !(bound > barDown) {
                if edge.to == target { continue } else { break }
            }
            guard budget > 0 else { break }
            budget -= 1
            simulations += 1
            guard let r = hop(edge.pool, tokenIn: here, amount: amount, type: .exactIn) else { continue }
            let gas = gasUnits + simulator.hopGas(edge.pool, ticksCrossed: r.ticksCrossed)
            tokens.append(edge.to)
            pools.append(edge.pool)
            if edge.to == target {
                record(Candidate(path: Path(tokens: tokens, pools: pools), amount: r.amountOut, gasUnits: gas))
            } else {
                expandExactIn(amount: r.amountOut, gasUnits: gas, target: target)
            }
            tokens.removeLast()
            pools.removeLast()
        }
        swap(&options, &optionLists[depth])
    }

    /// The heap's first option, or `ranked` (the next onward pool from the ranking) when it
    /// comes first; nil when neither is left. A ranked pool not taken is read again on the
    /// next turn (`next` steps back to it).
    private static func take(_ ranked: Option?, or options: inout [Option], next: inout Int, by first: (Option, Option) -> Bool) -> Option? {
        if let top = options.first, ranked.map({ !first($0, top) }) ?? true {
            if ranked != nil { next -= 1 }
            return options.popHeap(by: first)
        }
        return ranked
    }

    /// The next onward pool in key order that the amount leaves uncapped and the bar leaves,
    /// at amount × key: no uncapped pool after it can do better.
    private mutating func nextUncapped(_ lists: EdgeRanking.View, from next: inout Int, amountBound: RateBound) -> Option? {
        while let position = lists.keyOrder.firstUncapped(from: next, at: amountBound) {
            let candidate = lists.onward[position]
            let bound = amountBound.multiplied(by: candidate.key, rounding: .up)
            if let barDown, !(bound > barDown) { break }
            next = position + 1
            let edge = candidate.edge
            if !mayTake(edge) { continue }
            anyPathExists = true
            return (edge, bound)
        }
        next = lists.onward.count
        return nil
    }

    /// The next onward pool in cap order that the amount caps and the bar leaves, at its cap:
    /// no capped pool after it can do better.
    private mutating func nextCapped(_ lists: EdgeRanking.View, from next: inout Int, amountBound: RateBound) -> Option? {
        while let position = lists.capOrder.firstCapped(from: next, at: amountBound) {
            let candidate = lists.byCap[position]
            if candidate.cap.isZero { break }
            if let barDown, !(candidate.cap > barDown) { break }
            next = position + 1
            let edge = candidate.edge
            if !mayTake(edge) { continue }
            anyPathExists = true
            return (edge, candidate.cap)
        }
        // Pools that can carry nothing still show that paths exist (the error says so).
        if !anyPathExists {
            anyPathExists = lists.byCap[min(next, lists.byCap.count)...].contains { mayTake($0.edge) }
        }
        next = lists.byCap.count
        return nil
    }

    /// Lists the hop through a pool straight into the target that the residual market did not
    /// move, with its bound: the amount at the pool's rate, capped by what it can deliver (both
    /// precomputed by the ranking). Unless that cannot beat the bar (it only rises, so such a
    /// hop never will).
    @inline(__always)
    private mutating func addExactIn(_ ranked: EdgeRanking.Ranked, amountBound: RateBound, to options: inout [Option]) {
        let edge = ranked.edge
        if visited(edge.to) || excludedPools.contains(edge.pool) { return }
        anyPathExists = true
        let bound = min(amountBound.multiplied(by: ranked.key, rounding: .up), ranked.cap)
        if !bound.isZero && (barDown.map { bound > $0 } ?? true) { options.append((edge, bound)) }
    }

    /// Lists the hop through a moved pool, its bound worked out from its moved state.
    private mutating func addExactIn(_ edge: PoolGraph.Edge, amountBound: RateBound, target: Int32, hopsLeft: Int, to options: inout [Option]) {
        if visited(edge.to) || excludedPools.contains(edge.pool) { return }
        let onward = ranking!.table
        let direct = edge.to == target
        let rest = direct ? RateBound.one : (hopsLeft > 1 ? onward.bound(edge.to, hops: hopsLeft - 1) : .zero)
        if rest.isZero { return }
        anyPathExists = true
        // What this pool can pass on is capped by what it holds, and what arrives at the
        // target by what the pools beyond can deliver.
        let passed = min(amountBound.multiplied(by: rate(edge.pool, zeroForOne: edge.zeroForOne), rounding: .up),
                         capacity(edge.pool, zeroForOne: edge.zeroForOne))
        let beyond = direct ? RateBound.infinity : onward.deliverable(edge.to, hops: hopsLeft - 1)
        let bound = min(passed.multiplied(by: rest, rounding: .up), beyond)
        if !bound.isZero && (barDown.map { bound > $0 } ?? true) { options.append((edge, bound)) }
    }

    // MARK: Exact output: backward from tokenOut, minimising input.

    private mutating func expandExactOut(amount: UInt256, gasUnits: UInt64, source: Int32) {
        let here = tokens[tokens.count - 1]
        let depth = pools.count
        let hopsLeft = maxHops - depth
        let required = RateBound(amount, rounding: .down)
        // As in `expandExactIn`; an onward pool's bound here is exact (input ≥ output / key, or
        // none when it cannot pay the output), so the heap holds only direct and moved pools.
        var options: [Option] = []
        swap(&options, &optionLists[depth])
        options.removeAll(keepingCapacity: true)
        let lists = ranking!.lists(here, hopsLeft: hopsLeft, in: graph)
        for ranked in lists.direct where !isMoved(ranked.edge.pool) {
            addExactOut(ranked, required: required, to: &options)
        }
        for m in moved {
            guard let edge = movedEdge(m.pool, from: here) else { continue }
            addExactOut(edge, required: required, source: source, hopsLeft: hopsLeft, to: &options)
        }
        let first: (Option, Option) -> Bool = { ($0.edge.to == source) != ($1.edge.to == source) ? $0.edge.to == source : $0.bound < $1.bound }
        options.heapify(by: first)
        var next = 0
        while true {
            // The next onward pool in key order that can pay the output (the tree skips the
            // others) and that the bar leaves.
            var ranked: (edge: PoolGraph.Edge, bound: RateBound)?
            while ranked == nil, let position = lists.keyOrder.firstUncapped(from: next, at: required) {
                let candidate = lists.onward[position]
                let bound = required.divided(by: candidate.key, rounding: .down)
                if let barUp, !(bound < barUp) { next = lists.onward.count; break }
                next = position + 1
                let edge = candidate.edge
                if !mayTake(edge) { continue }
                anyPathExists = true
                ranked = (edge, bound)
            }
            // Pools that cannot pay the output still show that paths exist (the error says so).
            if ranked == nil && !anyPathExists && barUp == nil {
                anyPathExists = lists.onward.contains { mayTake($0.edge) }
            }
            guard let (edge, bound) = Self.take(ranked, or: &options, next: &next, by: first) else { break }
            if let barUp, !(bound < barUp) {
                if edge.to == source { continue } else { break }
            }
            guard budget > 0 else { break }
            budget -= 1
            simulations += 1
            guard let r = hop(edge.pool, tokenIn: edge.to, amount: amount, type: .exactOut) else { continue }
            let gas = gasUnits + simulator.hopGas(edge.pool, ticksCrossed: r.ticksCrossed)
            tokens.append(edge.to)
            pools.append(edge.pool)
            if edge.to == source {
                // Walked backward: reverse into a path from the source.
                record(Candidate(path: Path(tokens: tokens.reversedInline(), pools: pools.reversedInline()), amount: r.amountIn, gasUnits: gas))
            } else {
                expandExactOut(amount: r.amountIn, gasUnits: gas, source: source)
            }
            tokens.removeLast()
            pools.removeLast()
        }
        swap(&options, &optionLists[depth])
    }

    /// Lists the hop through a pool straight from the source that the residual market did not
    /// move: the input it needs is at least the output over its rate, unless it cannot pay the
    /// output at all.
    @inline(__always)
    private mutating func addExactOut(_ ranked: EdgeRanking.Ranked, required: RateBound, to options: inout [Option]) {
        let edge = ranked.edge
        if visited(edge.to) || excludedPools.contains(edge.pool) { return }
        anyPathExists = true
        if required > ranked.cap { return }
        let bound = required.divided(by: ranked.key, rounding: .down)
        if barUp.map({ bound < $0 }) ?? true { options.append((edge, bound)) }
    }

    /// Lists the hop through a moved pool, its bound worked out from its moved state.
    private mutating func addExactOut(_ edge: PoolGraph.Edge, required: RateBound, source: Int32, hopsLeft: Int, to options: inout [Option]) {
        if visited(edge.to) || excludedPools.contains(edge.pool) { return }
        // The pool swaps edge.to → here, against the edge's own direction.
        let poolRate = rate(edge.pool, zeroForOne: !edge.zeroForOne)
        let before = edge.to == source ? RateBound.one : (hopsLeft > 1 ? ranking!.table.bound(edge.to, hops: hopsLeft - 1) : .zero)
        if poolRate.isZero || before.isZero { return }
        anyPathExists = true
        // A pool cannot pay out more than it holds.
        if required > capacity(edge.pool, zeroForOne: !edge.zeroForOne) { return }
        // input ≥ output / (rate bound of everything before it): a lower bound.
        let bound = required.divided(by: poolRate.multiplied(by: before, rounding: .up), rounding: .down)
        if barUp.map({ bound < $0 }) ?? true { options.append((edge, bound)) }
    }

    // MARK: Keeping the best

    /// The amount a new path must beat to matter (to enter the kept set once it is full, net
    /// of gas to beat the best path found, and `mustBeat`), as the bounds it is compared with:
    /// rounded down for exact input (a bound above it can exceed the bar), up for exact output
    /// (a bound below it can be under the bar). Read for every pool bounded, so updated as
    /// paths are recorded rather than worked out at each read.
    private var barDown: RateBound?
    private var barUp: RateBound?

    private mutating func updateBar() {
        let kept = found.count < keep ? nil : found[found.count - 1].amount
        let bar = higher(higher(kept, gasBar), mustBeat)
        barDown = bar.map { RateBound($0, rounding: .down) }
        barUp = bar.map { RateBound($0, rounding: .up) }
    }

    private mutating func updateGasBar(with candidate: Candidate) {
        guard let (value, leastGas) = netOfGas else { return }
        // Gas values are monotone in gas units and every path costs at least `leastGas`.
        let gas = value(candidate.gasUnits)
        let least = min(value(leastGas), gas)
        let slack = gas &- least
        let candidateBar: UInt256
        if type == .exactIn {
            candidateBar = candidate.amount > slack ? candidate.amount &- slack : .zero
            gasBar = max(gasBar ?? .zero, candidateBar)
        } else {
            candidateBar = (try? candidate.amount + slack) ?? .max
            gasBar = min(gasBar ?? .max, candidateBar)
        }
    }

    private func better(_ a: UInt256, than b: UInt256) -> Bool {
        type == .exactIn ? a > b : a < b
    }

    /// The higher of two bars (the better amount); either when the other is unset.
    private func higher(_ a: UInt256?, _ b: UInt256?) -> UInt256? {
        guard let a, let b else { return a ?? b }
        return better(b, than: a) ? b : a
    }

    private mutating func record(_ candidate: Candidate) {
        // A seeded path found again by the walk.
        if found.contains(where: { $0.path == candidate.path }) { return }
        if let mustBeat, !better(candidate.amount, than: mustBeat) { return }
        updateGasBar(with: candidate)
        defer { updateBar() }
        let position = found.firstIndex { better(candidate.amount, than: $0.amount) } ?? found.count
        guard position < keep else { return }
        found.insert(candidate, at: position)
        if found.count > keep { found.removeLast() }
    }
}
