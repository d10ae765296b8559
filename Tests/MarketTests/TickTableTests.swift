import DEXMath
import Market
import Testing
import TestSupport

@Suite struct TickTableTests {
    /// The sorted table must answer exactly as v3-core's bitmap walk does (TickBitmap is itself
    /// checked against v3-core's vectors), including stops at word boundaries with nothing initialized.
    @Test(arguments: [(UInt64(1), Int32(1)), (2, 10), (3, 60), (4, 200), (5, 1), (6, 7)])
    func agreesWithTheBitmap(seed: UInt64, spacing: Int32) throws {
        var rng = SplitMix64(seed: seed)
        let span = Int32(3 * 256) * spacing
        var indexes = Set<Int32>()
        for _ in 0..<Int.random(in: 0...40, using: &rng) {
            indexes.insert(Int32.random(in: -span...span, using: &rng) / spacing * spacing)
        }
        var bitmap = TickBitmap()
        for index in indexes { try bitmap.flipTick(index, tickSpacing: spacing) }
        let table = try TickTable(tickSpacing: spacing, ticks: indexes.sorted().map { TickInfo(index: $0, liquidityNet: 1) })
        for _ in 0..<400 {
            let tick = Int32.random(in: -(span + 300)...(span + 300), using: &rng)
            for lte in [true, false] {
                let expected = bitmap.nextInitializedTickWithinOneWord(tick, tickSpacing: spacing, lte: lte)
                let actual = table.nextInitializedTickWithinOneWord(tick, lte: lte)
                #expect(actual == expected, "tick \(tick) lte \(lte) spacing \(spacing)")
            }
        }
    }

    @Test func stopsAtTheWordBoundaryWhenNothingIsInitialized() throws {
        let table = try TickTable(tickSpacing: 60, ticks: [])
        // Tick 0 sits in word 0 of compressed ticks [0, 255]: downward stops at 0, upward at 255·60.
        #expect(table.nextInitializedTickWithinOneWord(0, lte: true) == (0, false))
        #expect(table.nextInitializedTickWithinOneWord(0, lte: false) == (255 * 60, false))
        #expect(table.nextInitializedTickWithinOneWord(-1, lte: true) == (-256 * 60, false))
    }

    @Test func rejectsUnsortedMisalignedOrOutOfRangeTicks() {
        #expect(throws: DEXMathError.invalidPoolState) {
            try TickTable(tickSpacing: 10, ticks: [TickInfo(index: 10, liquidityNet: 1), TickInfo(index: 0, liquidityNet: -1)])
        }
        #expect(throws: DEXMathError.invalidPoolState) {
            try TickTable(tickSpacing: 10, ticks: [TickInfo(index: 10, liquidityNet: 1), TickInfo(index: 10, liquidityNet: -1)])
        }
        #expect(throws: DEXMathError.tickNotOnSpacing) { try TickTable(tickSpacing: 10, ticks: [TickInfo(index: 15, liquidityNet: 1)]) }
        #expect(throws: DEXMathError.tickOutOfRange) { try TickTable(tickSpacing: 1, ticks: [TickInfo(index: 887273, liquidityNet: 1)]) }
        #expect(throws: DEXMathError.invalidPoolState) { try TickTable(tickSpacing: 0, ticks: []) }
    }

    /// v3-core Tick.spec.ts: tickSpacingToMaxLiquidityPerTick.
    @Test(arguments: [
        (Int32(10), "1917569901783203986719870431555990"),
        (60, "11505743598341114571880798222544994"),
        (200, "38350317471085141830651933667504588"),
        (887272, "113427455640312821154458202477256070485"),  // entire range: three usable ticks
        (2302, "441351967472034323558203122479595605"),
    ])
    func maxLiquidityPerTick(spacing: Int32, expected: String) {
        #expect(String(TickTable.maxLiquidityPerTick(tickSpacing: spacing)) == expected)
    }
}
