// UInt256: the EVM word.
//
// Vectors: Uniswap/v3-core test/BitMath.spec.ts (mostSignificantBit / leastSignificantBit, read
// here as 255 − leadingZeroBitCount and trailingZeroBitCount). Cross-checks: exact values from
// Tests/DEXMathTests/Fixtures/generate_vectors.py (Python integers, seeded) in
// Fixtures/bigint_vectors.json.

import DEXMath
import TestSupport
import Foundation
import Testing

@Suite("UInt256")
struct UInt256Tests {
    static let maxDecimal = "115792089237316195423570985008687907853269984665640564039457584007913129639935"

    // MARK: Published vectors (v3-core BitMath.spec.ts)

    @Test("BitMath: msb(1) = 0, msb(2) = 1, msb(2^256 - 1) = 255; lsb(1) = 0, lsb(2) = 1, lsb(2^256 - 1) = 0")
    func bitMathFixedCases() {
        #expect(255 - UInt256(1).leadingZeroBitCount == 0)
        #expect(255 - UInt256(2).leadingZeroBitCount == 1)
        #expect(255 - UInt256.max.leadingZeroBitCount == 255)
        #expect(UInt256(1).trailingZeroBitCount == 0)
        #expect(UInt256(2).trailingZeroBitCount == 1)
        #expect(UInt256.max.trailingZeroBitCount == 0)
    }

    @Test("BitMath: msb and lsb of every power of two 2^0 … 2^254", arguments: 0..<255)
    func bitMathPowersOfTwo(exponent: Int) {
        let value = pow2(exponent)
        #expect(255 - value.leadingZeroBitCount == exponent)
        #expect(value.trailingZeroBitCount == exponent)
        #expect(value.bitWidth == exponent + 1)
    }

    @Test("BitMath: zero has no most/least significant bit (the contract reverts; here both counts are 256)")
    func bitMathZero() {
        #expect(UInt256.zero.leadingZeroBitCount == 256)
        #expect(UInt256.zero.trailingZeroBitCount == 256)
        #expect(UInt256.zero.bitWidth == 0)
    }

    // MARK: Constants and text

    @Test func maxParsesAndPrints() {
        #expect(UInt256(Self.maxDecimal) == .max)
        #expect(UInt256.max.decimalString == Self.maxDecimal)
        #expect(UInt256.max.hexString == "0x" + String(repeating: "f", count: 64))
        #expect(UInt256.zero.decimalString == "0")
        #expect(UInt256.zero.hexString == "0x0")
        #expect(UInt256.zero.paddedHex == String(repeating: "0", count: 64))
        #expect(UInt256.one.description == "1")
    }

    @Test("malformed or out-of-range text is rejected", arguments: [
        "", "-1", "+1", " 1", "1 ", "1a", "0x10", "1_000",
        "115792089237316195423570985008687907853269984665640564039457584007913129639936",  // 2^256
        "999999999999999999999999999999999999999999999999999999999999999999999999999999",  // 78 nines
        "1157920892373161954235709850086879078532699846656405640394575840079131296399350",  // 79 digits
    ])
    func rejectsBadDecimal(text: String) {
        #expect(UInt256(text) == nil)
    }

    @Test("malformed hex is rejected", arguments: [
        "", "0x", "0X", "0xg", "-0x1", "0x" + String(repeating: "f", count: 65), String(repeating: "1", count: 65),
    ])
    func rejectsBadHex(text: String) {
        #expect(UInt256(hex: text) == nil)
    }

    @Test func hexAcceptsPrefixAndCase() {
        #expect(UInt256(hex: "0xFF") == UInt256(255))
        #expect(UInt256(hex: "0Xff") == UInt256(255))
        #expect(UInt256(hex: "ff") == UInt256(255))
        #expect(UInt256(hex: String(repeating: "F", count: 64)) == .max)
        #expect(UInt256("000000000000000000000000000000000000000000000000000000000000000000000000000042") == UInt256(42))
    }

    @Test func codableIsADecimalString() throws {
        let values: [UInt256] = [.zero, .one, .max, u256("340282366920938463463374607431768211456")]
        let data = try JSONEncoder().encode(values)
        #expect(String(decoding: data, as: UTF8.self) == "[\"0\",\"1\",\"\(Self.maxDecimal)\",\"340282366920938463463374607431768211456\"]")
        #expect(try JSONDecoder().decode([UInt256].self, from: data) == values)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([UInt256].self, from: Data("[\"-1\"]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([UInt256].self, from: Data("[1]".utf8)) }
    }

    @Test func initialisersAndNarrowing() {
        #expect(UInt256(UInt128.max) == pow2(128) &- .one)
        #expect(UInt256(UInt64.max).exactUInt64 == UInt64.max)
        #expect(pow2(64).exactUInt64 == nil)
        #expect((pow2(128) &- .one).exactUInt128 == UInt128.max)
        #expect(pow2(128).exactUInt128 == nil)
        #expect(UInt256(exactly: -1) == nil)
        #expect(UInt256(exactly: 7) == UInt256(7))
        #expect(pow2(200).bit(200) && !pow2(200).bit(199))
    }

    // MARK: Cross-checks against Python (Fixtures/bigint_vectors.json)

    @Test("addition: wrapped sum, overflow flag, throwing + and &+")
    func additionMatchesReference() throws {
        let cases = BigIntVectors.shared.add
        #expect(cases.count >= 100)
        for c in cases {
            let (a, b, r) = (u256(c.a), u256(c.b), u256(c.result))
            let reported = a.addingReportingOverflow(b)
            #expect(reported.partialValue == r, "\(c.a) + \(c.b)")
            #expect(reported.overflow == c.overflow, "\(c.a) + \(c.b)")
            #expect(a &+ b == r)
            if c.overflow {
                #expect(throws: DEXMathError.overflow) { try a + b }
            } else {
                #expect(try a + b == r)
            }
        }
    }

    @Test("subtraction: wrapped difference, borrow flag, throwing - and &-")
    func subtractionMatchesReference() throws {
        for c in BigIntVectors.shared.sub {
            let (a, b, r) = (u256(c.a), u256(c.b), u256(c.result))
            let reported = a.subtractingReportingOverflow(b)
            #expect(reported.partialValue == r, "\(c.a) - \(c.b)")
            #expect(reported.overflow == c.overflow, "\(c.a) - \(c.b)")
            #expect(a &- b == r)
            if c.overflow {
                #expect(throws: DEXMathError.overflow) { try a - b }
            } else {
                #expect(try a - b == r)
            }
        }
    }

    @Test("multiplication: full 512-bit product, &* keeps the low half, * throws when the high half is set")
    func multiplicationMatchesReference() throws {
        let cases = BigIntVectors.shared.mul
        #expect(cases.count >= 90)
        for c in cases {
            let (a, b) = (u256(c.a), u256(c.b))
            let (high, low) = a.multipliedFullWidth(by: b)
            #expect(high == u256(c.high), "\(c.a) * \(c.b) high")
            #expect(low == u256(c.low), "\(c.a) * \(c.b) low")
            let commuted = b.multipliedFullWidth(by: a)
            #expect(commuted.high == high && commuted.low == low)
            #expect(a &* b == low)
            if high.isZero {
                #expect(try a * b == low)
            } else {
                #expect(throws: DEXMathError.overflow) { try a * b }
            }
        }
    }

    @Test("division: quotient and remainder, / and %")
    func divisionMatchesReference() throws {
        let cases = BigIntVectors.shared.divmod
        #expect(cases.count >= 100)
        for c in cases {
            let (a, b) = (u256(c.a), u256(c.b))
            let (q, r) = try a.quotientAndRemainder(dividingBy: b)
            #expect(q == u256(c.quotient), "\(c.a) / \(c.b)")
            #expect(r == u256(c.remainder), "\(c.a) % \(c.b)")
            #expect(try a / b == q)
            #expect(try a % b == r)
        }
    }

    @Test func divisionByZeroThrows() {
        #expect(throws: DEXMathError.divisionByZero) { try UInt256.max / .zero }
        #expect(throws: DEXMathError.divisionByZero) { try UInt256.one % .zero }
        #expect(throws: DEXMathError.divisionByZero) { try UInt256.one.quotientAndRemainder(dividingBy: .zero) }
        #expect(throws: DEXMathError.divisionByZero) { try UInt256.dividingFullWidth((.one, .zero), by: .zero) }
    }

    @Test("512 / 256 division when the quotient fits")
    func wideDivisionMatchesReference() throws {
        let cases = BigIntVectors.shared.divFullWidth
        #expect(cases.count >= 60)
        for c in cases {
            let divisor = u256(c.divisor)
            let (q, r) = try UInt256.dividingFullWidth((u256(c.high), u256(c.low)), by: divisor)
            #expect(q == u256(c.quotient), "(\(c.high), \(c.low)) / \(c.divisor)")
            #expect(r == u256(c.remainder), "(\(c.high), \(c.low)) % \(c.divisor)")
        }
    }

    @Test("512 / 256 division throws when the quotient would not fit (high ≥ divisor)")
    func wideDivisionOverflow() {
        #expect(throws: DEXMathError.overflow) { try UInt256.dividingFullWidth((.one, .zero), by: .one) }
        #expect(throws: DEXMathError.overflow) { try UInt256.dividingFullWidth((pow2(100), .max), by: pow2(100)) }
        #expect(throws: DEXMathError.overflow) { try UInt256.dividingFullWidth((.max, .max), by: .max) }
    }

    @Test("shifts: SHL/SHR semantics, amounts ≥ 256 give zero")
    func shiftsMatchReference() {
        let cases = BigIntVectors.shared.shifts
        #expect(cases.count >= 60)
        for c in cases {
            let a = u256(c.a)
            #expect(a << c.shift == u256(c.left), "\(c.a) << \(c.shift)")
            #expect(a >> c.shift == u256(c.right), "\(c.a) >> \(c.shift)")
        }
    }

    @Test("decimal and hex round trips")
    func textMatchesReference() {
        let cases = BigIntVectors.shared.strings
        #expect(cases.count >= 60)
        for c in cases {
            let value = u256(c.decimal)
            #expect(value.decimalString == c.decimal)
            #expect(value.description == c.decimal)
            #expect(value.hexString == c.hex)
            #expect(value.paddedHex == c.padded)
            #expect(UInt256(hex: c.hex) == value)
            #expect(UInt256(hex: c.padded) == value)
            #expect(UInt256(hex: c.hex.uppercased().replacingOccurrences(of: "0X", with: "0x")) == value)
        }
    }

    @Test("seeded division identity a = q·b + r, r < b, with limbs drawn from extreme patterns (Algorithm D's correction paths)")
    func divisionIdentity() throws {
        var rng = SplitMix64(seed: 0xD1_7D)
        let patterns: [UInt64] = [0, 1, .max, .max - 1, 1 << 63, (1 << 63) - 1, (1 << 63) + 1]
        func limb(_ rng: inout SplitMix64) -> UInt64 {
            Bool.random(using: &rng) ? patterns[Int.random(in: 0..<patterns.count, using: &rng)] : rng.next()
        }
        for _ in 0..<3000 {
            let a = UInt256(w0: limb(&rng), w1: limb(&rng), w2: limb(&rng), w3: limb(&rng))
            var b = UInt256(w0: limb(&rng), w1: limb(&rng), w2: limb(&rng), w3: limb(&rng)) >> Int.random(in: 0...255, using: &rng)
            if b.isZero { b = .one }
            let (q, r) = try a.quotientAndRemainder(dividingBy: b)
            #expect(r < b)
            let (high, low) = q.multipliedFullWidth(by: b)
            #expect(high.isZero && low.addingReportingOverflow(r) == (a, false), "\(a) / \(b)")

            // 512-bit dividend with high < b.
            let wideHigh = try UInt256(w0: limb(&rng), w1: limb(&rng), w2: limb(&rng), w3: limb(&rng)) % b
            let (wq, wr) = try UInt256.dividingFullWidth((wideHigh, a), by: b)
            #expect(wr < b)
            let back = wq.multipliedFullWidth(by: b)
            let (sumLow, carry) = back.low.addingReportingOverflow(wr)
            #expect(sumLow == a && (carry ? back.high &+ .one : back.high) == wideHigh, "(\(wideHigh), \(a)) / \(b)")
        }
    }

    @Test("bitwise operators agree with De Morgan and XOR identities on random words")
    func bitwiseIdentities() {
        var rng = SplitMix64(seed: 0x0b17_0b17)
        for _ in 0..<200 {
            let a = rng.uint256(), b = rng.uint256()
            #expect(~(a & b) == (~a | ~b))
            #expect((a ^ b) == ((a | b) & ~(a & b)))
            #expect((a ^ a).isZero)
            #expect(~a &+ a == .max)
            #expect((a & b) &+ (a | b) == a &+ b)
        }
    }
}
