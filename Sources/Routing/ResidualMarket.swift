/// The market a trade leaves, for the searches that look for what complements the trade: the
/// pools it moved, with their bounds as moved. Worked out once and shared by every such search.
struct ResidualMarket {
    typealias Moved = (pool: Int32, rates: (zeroForOne: RateBound, oneForZero: RateBound), capacities: (zeroForOne: RateBound, oneForZero: RateBound))

    private(set) var overlay = PoolOverlay()
    private(set) var moved: [Moved] = []

    init() {}

    /// After `trade` was executed on `graph` into `overlay`. A concentrated pool's capacity is
    /// bounded without walking its ranges again: in the trade's direction it paid out
    /// `amountOut` of what it held; the other way it holds at most `amountIn` more.
    init(after trade: PathSimulator.Outcome, overlay: PoolOverlay, graph: PoolGraph) {
        self.overlay = overlay
        moved = trade.hops.map { hop in
            let node = graph.nodes[Int(hop.pool)]
            let state = overlay.state(of: hop.pool, in: graph)
            let rates = PoolGraph.rateBounds(state)
            guard case .concentrated = state else {
                let capacities = PoolGraph.capacities(state)
                return (hop.pool, rates, (capacities.zeroForOne, capacities.oneForZero))
            }
            let paid = RateBound(hop.result.amountOut, rounding: .down)
            let taken = RateBound(hop.result.amountIn, rounding: .up)
            let capacities = hop.tokenIn == node.token0
                ? (node.capacityZeroForOne.subtracting(paid, rounding: .up), node.capacityOneForZero.adding(taken, rounding: .up))
                : (node.capacityZeroForOne.adding(taken, rounding: .up), node.capacityOneForZero.subtracting(paid, rounding: .up))
            return (hop.pool, rates, capacities)
        }
    }
}
