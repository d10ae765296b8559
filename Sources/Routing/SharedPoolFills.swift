import DEXMath
import Market

/// What the earlier legs of a split have done to the pools they share with later legs, each
/// pool swapped one way by all of them.
///
/// A concentrated pool keeps its fees outside its liquidity, so a later leg's hop through it is
/// valued as the pool's swap of the running total less its swap of what came before: read off
/// the pool's ladder, without copying the pool or re-running its swap loop. That differs from
/// swapping on the state the earlier legs left only by the rounding of one swap step cut in two
/// (a few wei). A constant-product pool keeps its fees in its reserves, which changes every later
/// price: its moved reserves are carried instead, exactly (a copy of two numbers).
///
/// The split optimiser compares allocations on these values; the split it picks is then
/// executed exactly.
struct SharedPoolFills {
    private enum Moved {
        /// Swapped so far on the trade type's specified side (input for exact input), the other
        /// side of that total swap, and the ticks it crossed.
        case concentrated(specified: UInt256, computed: UInt256, ticksCrossed: Int)
        case constantProduct(Pool)
    }

    private var moved: [(pool: Int32, state: Moved)] = []

    init() {
        moved.reserveCapacity(QuoteRequest.maxHopsLimit)
    }

    /// The amounts of a hop of `amount` through `pool` after the earlier legs' swaps through it.
    mutating func hop(_ pool: Int32, tokenIn: Int32, amount: UInt256, type: TradeType, simulator: PathSimulator) -> HopSimulator.Amounts? {
        let index = moved.firstIndex { $0.pool == pool }
        let node = simulator.graph.nodes[Int(pool)]
        let before = index.map { moved[$0].state } ?? Self.untouched(node.state)
        guard let (amounts, after) = Self.hop(before, pool: pool, tokenIn: tokenIn, zeroForOne: tokenIn == node.token0, amount: amount,
                                              type: type, simulator: simulator) else {
            return nil
        }
        if let index { moved[index].state = after } else { moved.append((pool, after)) }
        return amounts
    }

    private static func untouched(_ state: Pool) -> Moved {
        if case .constantProduct = state { return .constantProduct(state) }
        return .concentrated(specified: .zero, computed: .zero, ticksCrossed: 0)
    }

    private static func hop(_ before: Moved, pool: Int32, tokenIn: Int32, zeroForOne: Bool, amount: UInt256, type: TradeType,
                            simulator: PathSimulator) -> (HopSimulator.Amounts, Moved)? {
        switch before {
        case .constantProduct(let state):
            guard let r = try? (type == .exactIn ? HopSimulator.exactIn(state, zeroForOne: zeroForOne, amountIn: amount)
                                                 : HopSimulator.exactOut(state, zeroForOne: zeroForOne, amountOut: amount)) else { return nil }
            return (HopSimulator.Amounts(amountIn: r.amountIn, amountOut: r.amountOut, ticksCrossed: 0), .constantProduct(r.state))
        case .concentrated(let specified, let computed, let ticks):
            guard let total = try? specified + amount,
                  let swap = simulator.hop(pool, tokenIn: tokenIn, amount: total, type: type) else { return nil }
            let totalComputed = type == .exactIn ? swap.amountOut : swap.amountIn
            guard totalComputed > computed else { return nil }
            let legComputed = totalComputed &- computed
            let crossed = max(0, swap.ticksCrossed - ticks)
            let amounts = type == .exactIn
                ? HopSimulator.Amounts(amountIn: amount, amountOut: legComputed, ticksCrossed: crossed)
                : HopSimulator.Amounts(amountIn: legComputed, amountOut: amount, ticksCrossed: crossed)
            return (amounts, .concentrated(specified: total, computed: totalComputed, ticksCrossed: swap.ticksCrossed))
        }
    }
}
