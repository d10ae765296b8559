import DEXMath
import Market

/// Exact amounts along a whole path, hop after hop, as the swap router executes it: exact input
/// flows forward; exact output is worked out from the last pool back to the first.
struct PathSimulator {
    struct Hop: Sendable {
        var pool: Int32
        var tokenIn: Int32
        var tokenOut: Int32
        var result: HopSimulator.Result
    }

    struct Outcome: Sendable {
        var amountIn: UInt256
        var amountOut: UInt256
        var hops: [Hop]
        /// Pool and tick-crossing gas of this path (the per-transaction overhead is counted once per quote).
        var gasUnits: UInt64
    }

    let graph: PoolGraph
    let gas: GasModel
    /// Whether `hop` may estimate a ladder's partial last step (`StepEstimate`) instead of
    /// working it out exactly: for ranking split candidates and allocations, never for the
    /// amounts a quote returns.
    var estimates = false

    func zeroForOne(_ path: Path, hop i: Int) -> Bool {
        path.tokens[i] == graph.nodes[Int(path.pools[i])].token0
    }

    func exactIn(_ path: Path, amountIn: UInt256, overlay: inout PoolOverlay) throws(HopSimulator.Failure) -> Outcome {
        var amount = amountIn
        var hops: [Hop] = []
        hops.reserveCapacity(path.hopCount)
        for i in 0..<path.hopCount {
            let pool = path.pools[i]
            let result = try hop(pool, zeroForOne: zeroForOne(path, hop: i), amount: amount, type: .exactIn, overlay: overlay)
            overlay.set(result.state, for: pool)
            hops.append(Hop(pool: pool, tokenIn: path.tokens[i], tokenOut: path.tokens[i + 1], result: result))
            amount = result.amountOut
        }
        return Outcome(amountIn: amountIn, amountOut: amount, hops: hops, gasUnits: gasUnits(hops))
    }

    func exactOut(_ path: Path, amountOut: UInt256, overlay: inout PoolOverlay) throws(HopSimulator.Failure) -> Outcome {
        var amount = amountOut
        var hops: [Hop] = []
        hops.reserveCapacity(path.hopCount)
        for i in stride(from: path.hopCount - 1, through: 0, by: -1) {
            let pool = path.pools[i]
            let result = try hop(pool, zeroForOne: zeroForOne(path, hop: i), amount: amount, type: .exactOut, overlay: overlay)
            overlay.set(result.state, for: pool)
            hops.append(Hop(pool: pool, tokenIn: path.tokens[i], tokenOut: path.tokens[i + 1], result: result))
            amount = result.amountIn
        }
        hops.reverse()
        return Outcome(amountIn: amount, amountOut: amountOut, hops: hops, gasUnits: gasUnits(hops))
    }

    /// One hop with the state it leaves: off the pool's ladder while no earlier leg moved it.
    private func hop(_ pool: Int32, zeroForOne: Bool, amount: UInt256, type: TradeType, overlay: PoolOverlay) throws(HopSimulator.Failure) -> HopSimulator.Result {
        if let moved = overlay.changedState(of: pool) {
            return type == .exactIn
                ? try HopSimulator.exactIn(moved, zeroForOne: zeroForOne, amountIn: amount)
                : try HopSimulator.exactOut(moved, zeroForOne: zeroForOne, amountOut: amount)
        }
        var swap = SwapLadder.Swap()
        if let ladders = graph.ladders(of: pool),
           let reach = ladders._withUnsafeGuaranteedRef({ $0.fill(zeroForOne: zeroForOne, amount: amount, exactInput: type == .exactIn, into: &swap) }) {
            guard reach == .filled else { throw .cannotFill }
            return try HopSimulator.result(ladders._withUnsafeGuaranteedRef(\.pool), swap)
        }
        let state = graph.nodes[Int(pool)].state
        return type == .exactIn
            ? try HopSimulator.exactIn(state, zeroForOne: zeroForOne, amountIn: amount)
            : try HopSimulator.exactOut(state, zeroForOne: zeroForOne, amountOut: amount)
    }

    /// Just the amounts of one hop, on the graph's own state: the search's inner loop.
    @inline(__always)
    func hop(_ pool: Int32, tokenIn: Int32, amount: UInt256, type: TradeType) -> HopSimulator.Amounts? {
        let zeroForOne = tokenIn == graph.nodes[Int(pool)].token0
        if let ladders = graph.ladders(of: pool) {
            // nil: the ladder cannot answer; .some(nil): the pool cannot fill.
            let read: HopSimulator.Amounts?? = ladders._withUnsafeGuaranteedRef { ladders in
                var step = SwapLadder.PartialStep()
                if estimates, ladders.partialStep(zeroForOne: zeroForOne, amount: amount, exactInput: type == .exactIn, into: &step) {
                    return .some(StepEstimate.amounts(step, zeroForOne: zeroForOne, exactInput: type == .exactIn))
                }
                var swap = SwapLadder.Swap()
                return ladders.fill(zeroForOne: zeroForOne, amount: amount, exactInput: type == .exactIn, into: &swap)
                    .map { $0 == .filled ? HopSimulator.amounts(swap) : nil }
            }
            if let read { return read }
        }
        return HopSimulator.amounts(graph.nodes[Int(pool)].state, zeroForOne: zeroForOne, amount: amount, exactInput: type == .exactIn)
    }

    /// Gas of one hop through `pool` crossing `ticks` initialized ticks.
    @inline(__always)
    func hopGas(_ pool: Int32, ticksCrossed ticks: Int) -> UInt64 {
        let perHop = switch graph.nodes[Int(pool)].state {
        case .concentrated: gas.perConcentratedHop
        case .constantProduct: gas.perConstantProductHop
        }
        return perHop + UInt64(ticks) * gas.perTickCrossed
    }

    /// The path alone on the graph's own state, amounts and gas only: equal to `exactIn` /
    /// `exactOut` with an empty overlay (a simple path never uses a pool twice), without
    /// keeping the hops. Input and output of the whole path; nil when a hop cannot fill.
    func amounts(_ path: Path, amount: UInt256, type: TradeType) -> (amountIn: UInt256, amountOut: UInt256, gasUnits: UInt64)? {
        walk(path, amount: amount, type: type) { pool, i, carried in hop(pool, tokenIn: path.tokens[i], amount: carried, type: type) }
    }

    /// The path's amounts and gas on the market `overlay` describes, equal to `exactIn` /
    /// `exactOut` there, without building its hops or the next state of every pool: only the
    /// pools in `shared` (which later legs swap through) are recorded in the overlay.
    func amounts(_ path: Path, amount: UInt256, type: TradeType, overlay: inout PoolOverlay, shared: [Int32]) -> (amountIn: UInt256, amountOut: UInt256, gasUnits: UInt64)? {
        walk(path, amount: amount, type: type) { pool, i, carried in
            if !shared.contains(pool) && overlay.changedState(of: pool) == nil {
                return hop(pool, tokenIn: path.tokens[i], amount: carried, type: type)
            }
            guard let r = try? hop(pool, zeroForOne: zeroForOne(path, hop: i), amount: carried, type: type, overlay: overlay) else { return nil }
            overlay.set(r.state, for: pool)
            return HopSimulator.Amounts(amountIn: r.amountIn, amountOut: r.amountOut, ticksCrossed: r.ticksCrossed)
        }
    }

    /// The path's amounts and gas after the earlier legs recorded in `fills`, each hop through
    /// a pool in `shared` valued as `SharedPoolFills` describes (within a few wei of `amounts`
    /// on the moved market); every shared pool must be swapped one way by all legs.
    func amounts(_ path: Path, amount: UInt256, type: TradeType, fills: inout SharedPoolFills, shared: [Int32]) -> (amountIn: UInt256, amountOut: UInt256, gasUnits: UInt64)? {
        walk(path, amount: amount, type: type) { pool, i, carried in
            shared.contains(pool)
                ? fills.hop(pool, tokenIn: path.tokens[i], amount: carried, type: type, simulator: self)
                : hop(pool, tokenIn: path.tokens[i], amount: carried, type: type)
        }
    }

    /// The path hop after hop as `hop` values each (pool, index in the path, amount carried):
    /// exact input flows forward, exact output is worked out from the last pool back. Input,
    /// output and gas of the whole path; nil when a hop cannot fill.
    func walk(_ path: Path, amount: UInt256, type: TradeType,
              hop: (_ pool: Int32, _ index: Int, _ amount: UInt256) -> HopSimulator.Amounts?) -> (amountIn: UInt256, amountOut: UInt256, gasUnits: UInt64)? {
        var carried = amount
        var gasUnits: UInt64 = 0
        let count = path.hopCount
        for step in 0..<count {
            let i = type == .exactIn ? step : count - 1 - step
            let pool = path.pools[i]
            guard let r = hop(pool, i, carried) else { return nil }
            carried = type == .exactIn ? r.amountOut : r.amountIn
            gasUnits += hopGas(pool, ticksCrossed: r.ticksCrossed)
        }
        return type == .exactIn ? (amount, carried, gasUnits) : (carried, amount, gasUnits)
    }

    func gasUnits(_ hops: [Hop]) -> UInt64 {
        hops.reduce(0) { total, hop in
            total + hopGas(hop.pool, ticksCrossed: hop.result.ticksCrossed)
        }
    }
}
