import DEXMath
import Market
@testable import Routing
import Testing

/// Legs valued on the shared pools' running totals must agree with executing them one after
/// the other on the moved pools, to within the rounding of a swap step cut in two.
@Suite struct SharedPoolFillsTests {
    static let e18 = UInt256(1_000_000_000_000_000_000)
    /// Wei a cut swap step may round differently, per shared hop.
    static let rounding = UInt256(4)

    /// T0 →shared→ T1, then two ways on to T2; the shared pool has ticks to cross.
    static func market(sharedConstantProduct: Bool) throws -> (graph: PoolGraph, first: Path, second: Path) {
        var market = MarketBuilder(tokenCount: 3)
        if sharedConstantProduct {
            try market.constantProduct(0, 1, reserveA: 400 &* e18, reserveB: 400 &* e18)
        } else {
            try market.concentrated(0, 1, liquidity: 20_000_000_000_000_000_000, concentrated: 200_000_000_000_000_000_000)
        }
        try market.concentrated(1, 2, liquidity: 5_000_000_000_000_000_000_000)
        try market.concentrated(1, 2, fee: 500, spacing: 10, liquidity: 5_000_000_000_000_000_000_000)
        let graph = PoolGraph(snapshot: market.snapshot)
        return (graph, Path(tokens: [0, 1, 2], pools: [0, 1]), Path(tokens: [0, 1, 2], pools: [0, 2]))
    }

    @Test(arguments: [false, true], [TradeType.exactIn, .exactOut])
    func laterLegsSeeTheEarlierLegsSwapsToWithinRounding(sharedConstantProduct: Bool, type: TradeType) throws {
        let (graph, first, second) = try Self.market(sharedConstantProduct: sharedConstantProduct)
        let simulator = PathSimulator(graph: graph, gas: GasModel())
        let (a, b) = (10 &* Self.e18, 6 &* Self.e18)

        var overlay = PoolOverlay()
        let exact = try [(first, a), (second, b)].map { path, amount in
            type == .exactIn ? try simulator.exactIn(path, amountIn: amount, overlay: &overlay)
                             : try simulator.exactOut(path, amountOut: amount, overlay: &overlay)
        }
        var fills = SharedPoolFills()
        let valued = try [(first, a), (second, b)].map { path, amount in
            try #require(simulator.amounts(path, amount: amount, type: type, fills: &fills, shared: [0]))
        }
        let alone = try #require(simulator.amounts(second, amount: b, type: type))

        // The first leg meets untouched pools: exact. The second is within rounding of its
        // exact value on the moved pool, and worse than it would be alone.
        #expect(valued[0].amountIn == exact[0].amountIn && valued[0].amountOut == exact[0].amountOut)
        let (got, want, lone) = type == .exactIn
            ? (valued[1].amountOut, exact[1].amountOut, alone.amountOut)
            : (valued[1].amountIn, exact[1].amountIn, alone.amountIn)
        let gap = got > want ? got &- want : want &- got
        #expect(gap <= Self.rounding)
        #expect(type == .exactIn ? got < lone : got > lone)
        #expect(valued[1].gasUnits == exact[1].gasUnits)
    }

    @Test func aHopBeyondWhatTheEarlierLegsLeftCannotFill() throws {
        let (graph, _, _) = try Self.market(sharedConstantProduct: true)
        let simulator = PathSimulator(graph: graph, gas: GasModel())
        var fills = SharedPoolFills()
        // 400 T1 in the pool: 390 then 20 more is more than it holds, though 20 alone is not.
        #expect(fills.hop(0, tokenIn: 0, amount: 390 &* Self.e18, type: .exactOut, simulator: simulator) != nil)
        #expect(simulator.hop(0, tokenIn: 0, amount: 20 &* Self.e18, type: .exactOut) != nil)
        #expect(fills.hop(0, tokenIn: 0, amount: 20 &* Self.e18, type: .exactOut, simulator: simulator) == nil)
    }
}
