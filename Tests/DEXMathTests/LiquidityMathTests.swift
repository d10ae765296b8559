// LiquidityMath.addDelta: signed liquidity changes on unsigned liquidity.
//
// Vectors: Uniswap/v3-core test/LiquidityMath.spec.ts ('LA' = add overflow, 'LS' = subtract underflow).

import DEXMath
import TestSupport
import Testing

@Suite("LiquidityMath")
struct LiquidityMathTests {
    @Test("1 + 0, 1 + -1, 1 + 1", arguments: [
        (UInt128(1), Int128(0), UInt128(1)),
        (1, -1, 0),
        (1, 1, 2),
    ])
    func addDelta(x: UInt128, y: Int128, expected: UInt128) throws {
        #expect(try LiquidityMath.addDelta(x, y) == expected)
    }

    @Test("2**128-15 + 15 overflows ('LA')")
    func addOverflows() {
        #expect(throws: DEXMathError.liquidityOverflow) { try LiquidityMath.addDelta(UInt128.max - 14, 15) }
    }

    @Test("0 + -1 and 3 + -4 underflow ('LS')", arguments: [(UInt128(0), Int128(-1)), (3, -4)])
    func subtractUnderflows(x: UInt128, y: Int128) {
        #expect(throws: DEXMathError.liquidityUnderflow) { try LiquidityMath.addDelta(x, y) }
    }

    // MARK: Edge cases

    @Test("the extremes of int128 and uint128")
    func extremes() throws {
        #expect(try LiquidityMath.addDelta(0, Int128.max) == UInt128(Int128.max))
        #expect(try LiquidityMath.addDelta(UInt128(Int128.max) + 1, Int128.max) == UInt128.max)
        #expect(throws: DEXMathError.liquidityOverflow) { try LiquidityMath.addDelta(UInt128(Int128.max) + 2, Int128.max) }
        #expect(try LiquidityMath.addDelta(UInt128.max, Int128.min) == UInt128.max - Int128.min.magnitude)
        #expect(try LiquidityMath.addDelta(Int128.min.magnitude, Int128.min) == 0)
        #expect(throws: DEXMathError.liquidityUnderflow) { try LiquidityMath.addDelta(Int128.min.magnitude - 1, Int128.min) }
        #expect(try LiquidityMath.addDelta(UInt128.max, 0) == UInt128.max)
        #expect(throws: DEXMathError.liquidityOverflow) { try LiquidityMath.addDelta(UInt128.max, 1) }
        #expect(try LiquidityMath.addDelta(UInt128.max, -1) == UInt128.max - 1)
    }

    @Test("seeded: adding then removing a delta is the identity; the result is exact wherever it does not throw")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 0x11_0A1D)
        for _ in 0..<2000 {
            let x = rng.uint128()
            let magnitude = rng.uint128(maxBits: 127)
            let y = Bool.random(using: &rng) ? Int128(magnitude) : -Int128(magnitude)
            // Reference in 256-bit signed arithmetic.
            let reference = try Int256(bitPattern: UInt256(x)) + Int256(y)
            if reference.isNegative {
                #expect(throws: DEXMathError.liquidityUnderflow) { try LiquidityMath.addDelta(x, y) }
            } else if let fits = reference.bitPattern.exactUInt128 {
                let z = try LiquidityMath.addDelta(x, y)
                #expect(z == fits)
                #expect(try LiquidityMath.addDelta(z, -y) == x)
            } else {
                #expect(throws: DEXMathError.liquidityOverflow) { try LiquidityMath.addDelta(x, y) }
            }
        }
    }
}
