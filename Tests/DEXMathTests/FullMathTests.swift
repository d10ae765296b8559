// FullMath.mulDiv / mulDivRoundingUp and UnsafeMath.divRoundingUp.
//
// Vectors: Uniswap/v3-core test/FullMath.spec.ts (every case; `Q128` = 2^128, `MaxUint256` =
// 2^256 − 1, and each `BigNumber.from(k).mul(Q128).div(m)` evaluated exactly). Cross-checks:
// exact values from Tests/DEXMathTests/Fixtures/generate_vectors.py in Fixtures/bigint_vectors.json.

import DEXMath
import TestSupport
import Testing

@Suite("FullMath")
struct FullMathTests {
    static let q128 = pow2(128)

    // MARK: Published vectors: mulDiv

    @Test func mulDivRevertsIfDenominatorIsZero() {
        #expect(throws: DEXMathError.divisionByZero) { try FullMath.mulDiv(Self.q128, 5, .zero) }
    }

    @Test func mulDivRevertsIfDenominatorIsZeroAndNumeratorOverflows() {
        #expect(throws: DEXMathError.divisionByZero) { try FullMath.mulDiv(Self.q128, Self.q128, .zero) }
    }

    @Test func mulDivRevertsIfOutputOverflows() {
        #expect(throws: DEXMathError.overflow) { try FullMath.mulDiv(Self.q128, Self.q128, .one) }
    }

    @Test func mulDivRevertsOnOverflowWithAllMaxInputs() {
        #expect(throws: DEXMathError.overflow) { try FullMath.mulDiv(.max, .max, UInt256.max &- .one) }
    }

    @Test func mulDivAllMaxInputs() throws {
        #expect(try FullMath.mulDiv(.max, .max, .max) == .max)
    }

    @Test("mulDiv: accurate without phantom overflow — Q128 · (50·Q128/100) / (150·Q128/100) = Q128/3")
    func mulDivWithoutPhantomOverflow() throws {
        let half = try Self.q128 * 50 / 100
        let oneAndAHalf = try Self.q128 * 150 / 100
        #expect(try FullMath.mulDiv(Self.q128, half, oneAndAHalf) == (try Self.q128 / 3))
        #expect(try FullMath.mulDiv(Self.q128, half, oneAndAHalf) == u256("113427455640312821154458202477256070485"))
    }

    @Test("mulDiv: accurate with phantom overflow — Q128 · 35·Q128 / 8·Q128 = 4375·Q128/1000")
    func mulDivWithPhantomOverflow() throws {
        let expected = try Self.q128 * 4375 / 1000
        #expect(try FullMath.mulDiv(Self.q128, try Self.q128 * 35, try Self.q128 * 8) == expected)
        #expect(expected == u256("1488735355279105777652263907513985925120"))
    }

    @Test("mulDiv: phantom overflow and repeating decimal — Q128 · 1000·Q128 / 3000·Q128 = Q128/3")
    func mulDivWithPhantomOverflowAndRepeatingDecimal() throws {
        #expect(try FullMath.mulDiv(Self.q128, try Self.q128 * 1000, try Self.q128 * 3000) == (try Self.q128 / 3))
    }

    // MARK: Published vectors: mulDivRoundingUp

    @Test func mulDivRoundingUpRevertsIfDenominatorIsZero() {
        #expect(throws: DEXMathError.divisionByZero) { try FullMath.mulDivRoundingUp(Self.q128, 5, .zero) }
        #expect(throws: DEXMathError.divisionByZero) { try FullMath.mulDivRoundingUp(Self.q128, Self.q128, .zero) }
    }

    @Test func mulDivRoundingUpRevertsIfOutputOverflows() {
        #expect(throws: DEXMathError.overflow) { try FullMath.mulDivRoundingUp(Self.q128, Self.q128, .one) }
        #expect(throws: DEXMathError.overflow) { try FullMath.mulDivRoundingUp(.max, .max, UInt256.max &- .one) }
    }

    @Test("mulDivRoundingUp reverts when only the rounding up overflows 256 bits")
    func mulDivRoundingUpOverflowsAfterRounding() throws {
        let a = u256("535006138814359")
        let b = u256("432862656469423142931042426214547535783388063929571229938474969")
        #expect(try FullMath.mulDiv(a, b, 2) == .max)  // the floor still fits
        #expect(throws: DEXMathError.overflow) { try FullMath.mulDivRoundingUp(a, b, 2) }
    }

    @Test("mulDivRoundingUp reverts when only the rounding up overflows 256 bits (case 2)")
    func mulDivRoundingUpOverflowsAfterRoundingCase2() {
        let a = u256("115792089237316195423570985008687907853269984659341747863450311749907997002549")
        let b = u256("115792089237316195423570985008687907853269984659341747863450311749907997002550")
        let d = u256("115792089237316195423570985008687907853269984653042931687443039491902864365164")
        #expect(throws: DEXMathError.overflow) { try FullMath.mulDivRoundingUp(a, b, d) }
    }

    @Test func mulDivRoundingUpAllMaxInputs() throws {
        #expect(try FullMath.mulDivRoundingUp(.max, .max, .max) == .max)
    }

    @Test("mulDivRoundingUp: accurate without phantom overflow — Q128/3 + 1")
    func mulDivRoundingUpWithoutPhantomOverflow() throws {
        let half = try Self.q128 * 50 / 100
        let oneAndAHalf = try Self.q128 * 150 / 100
        #expect(try FullMath.mulDivRoundingUp(Self.q128, half, oneAndAHalf) == (try Self.q128 / 3 + 1))
    }

    @Test("mulDivRoundingUp: accurate with phantom overflow — exact 4375·Q128/1000")
    func mulDivRoundingUpWithPhantomOverflow() throws {
        #expect(try FullMath.mulDivRoundingUp(Self.q128, try Self.q128 * 35, try Self.q128 * 8) == (try Self.q128 * 4375 / 1000))
    }

    @Test("mulDivRoundingUp: phantom overflow and repeating decimal — Q128/3 + 1")
    func mulDivRoundingUpWithPhantomOverflowAndRepeatingDecimal() throws {
        #expect(try FullMath.mulDivRoundingUp(Self.q128, try Self.q128 * 1000, try Self.q128 * 3000) == (try Self.q128 / 3 + 1))
    }

    @Test("a 256-bit mulDiv with a non-trivial quotient")
    func mulDivSmoke() throws {
        let a = u256("123456789012345678901234567890123456789")
        let b = u256("987654321098765432109876543210")
        let d = u256("555555555555555555555555555555555555")
        #expect(try FullMath.mulDiv(a, b, d).decimalString == "219478736046639231407133058920740")
    }

    // MARK: Cross-checks against Python (the spec's skipped JS fuzzer, made exact and deterministic)

    @Test("mulDiv and mulDivRoundingUp against exact floor/ceil of a·b/d")
    func mulDivMatchesReference() throws {
        let cases = BigIntVectors.shared.mulDiv
        #expect(cases.count >= 100)
        for c in cases {
            let (a, b, d) = (u256(c.a), u256(c.b), u256(c.d))
            if let floor = c.floor {
                #expect(try FullMath.mulDiv(a, b, d) == u256(floor), "mulDiv(\(c.a), \(c.b), \(c.d))")
            } else {
                #expect(throws: DEXMathError.overflow, "mulDiv(\(c.a), \(c.b), \(c.d))") { try FullMath.mulDiv(a, b, d) }
            }
            if let ceil = c.ceil {
                #expect(try FullMath.mulDivRoundingUp(a, b, d) == u256(ceil), "mulDivRoundingUp(\(c.a), \(c.b), \(c.d))")
            } else {
                #expect(throws: DEXMathError.overflow, "mulDivRoundingUp(\(c.a), \(c.b), \(c.d))") { try FullMath.mulDivRoundingUp(a, b, d) }
            }
        }
    }

    // MARK: Properties

    @Test("mulDivRoundingUp is mulDiv, or mulDiv + 1 exactly when a·b mod d ≠ 0")
    func roundingUpIsFloorOrFloorPlusOne() throws {
        var rng = SplitMix64(seed: 0xF011_4A7)
        var checked = 0
        for _ in 0..<500 {
            let a = rng.uint256(), b = rng.uint256()
            var d = rng.uint256()
            if d.isZero { d = .one }
            let product = a.multipliedFullWidth(by: b)
            guard product.high < d else { continue }  // quotient would not fit: covered by the fixture
            let floor = try FullMath.mulDiv(a, b, d)
            let (_, remainder) = try UInt256.dividingFullWidth(product, by: d)
            if floor == .max && !remainder.isZero {
                #expect(throws: DEXMathError.overflow) { try FullMath.mulDivRoundingUp(a, b, d) }
            } else {
                #expect(try FullMath.mulDivRoundingUp(a, b, d) == (remainder.isZero ? floor : floor &+ .one))
            }
            // floor·d + remainder reconstructs a·b.
            let back = floor.multipliedFullWidth(by: d)
            let (low, carry) = back.low.addingReportingOverflow(remainder)
            #expect(low == product.low && (carry ? back.high &+ .one : back.high) == product.high)
            checked += 1
        }
        #expect(checked > 250)
    }

    @Test("UnsafeMath.divRoundingUp = ceil(x / y); y = 0 yields 0 as on the EVM")
    func divRoundingUp() throws {
        #expect(UnsafeMath.divRoundingUp(.zero, 5) == .zero)
        #expect(UnsafeMath.divRoundingUp(10, 5) == UInt256(2))
        #expect(UnsafeMath.divRoundingUp(11, 5) == UInt256(3))
        #expect(UnsafeMath.divRoundingUp(.max, .max) == .one)
        #expect(UnsafeMath.divRoundingUp(.max, 2) == pow2(255))
        #expect(UnsafeMath.divRoundingUp(7, .zero) == .zero)
        var rng = SplitMix64(seed: 0xD1F0)
        for _ in 0..<200 {
            let x = rng.uint256()
            var y = rng.uint256(maxBits: 200)
            if y.isZero { y = .one }
            let (q, r) = try x.quotientAndRemainder(dividingBy: y)
            #expect(UnsafeMath.divRoundingUp(x, y) == (r.isZero ? q : q &+ .one))
        }
    }

    @Test func fixedPoint96() {
        #expect(FixedPoint96.q96 == u256("79228162514264337593543950336"))
        #expect(FixedPoint96.resolution == 96)
    }
}
