// Int256: Solidity's int256 in two's complement.
//
// Cross-checks: exact values from Tests/DEXMathTests/Fixtures/generate_vectors.py (Python
// integers, seeded) in Fixtures/bigint_vectors.json; a reference value of null marks an operation
// that Solidity's checked int256 arithmetic would revert. No Uniswap spec tests Int256 directly;
// its published behaviour is covered through SqrtPriceMath's signed deltas and SwapMath.

import DEXMath
import Foundation
import Testing

@Suite("Int256")
struct Int256Tests {
    static let twoTo255 = "57896044618658097711785492504343953926634992332820282019728792003956564819968"

    @Test func boundsAndText() {
        #expect(Int256.min.description == "-" + Self.twoTo255)
        #expect(Int256.max.description == "57896044618658097711785492504343953926634992332820282019728792003956564819967")
        #expect(Int256("-" + Self.twoTo255) == .min)
        #expect(Int256(Self.twoTo255) == nil)  // 2^255 does not fit
        #expect(Int256("-57896044618658097711785492504343953926634992332820282019728792003956564819969") == nil)
        #expect(Int256("-0") == .zero)
        #expect(Int256("") == nil)
        #expect(Int256("-") == nil)
        #expect(Int256("--1") == nil)
        #expect(Int256("+1") == nil)
        #expect(Int256.min.magnitude == pow2(255))
        #expect(Int256.max.magnitude == pow2(255) &- .one)
        #expect(Int256(-1).bitPattern == .max)
        #expect(Int256.min.isNegative && !Int256.max.isNegative && !Int256.zero.isNegative)
    }

    @Test func narrowInitialisers() {
        #expect(Int256(Int64.min).description == "-9223372036854775808")
        #expect(Int256(Int128.min).description == "-170141183460469231731687303715884105728")
        #expect(Int256(Int128.max).description == "170141183460469231731687303715884105727")
        #expect(Int256(Int128.min).exactInt128 == Int128.min)
        #expect(Int256(Int128.max).exactInt128 == Int128.max)
        #expect(i256("170141183460469231731687303715884105728").exactInt128 == nil)
        #expect(i256("-170141183460469231731687303715884105729").exactInt128 == nil)
        #expect(Int256(exactly: pow2(255)) == nil)
        #expect(Int256(exactly: pow2(255) &- .one) == .max)
        #expect(Int256(-5).exactUInt256 == nil)
        #expect(Int256(5).exactUInt256 == UInt256(5))
        #expect(Int256.negative(magnitude: pow2(255)) == .min)
        #expect(Int256.negative(magnitude: pow2(255) &+ .one) == nil)
        #expect(Int256.negative(magnitude: .zero) == .zero)
    }

    @Test func negationOfMinOverflows() throws {
        #expect(throws: DEXMathError.overflow) { try -Int256.min }
        #expect(try -Int256.max == (try Int256.min + .one))
        #expect(try -Int256(7) == Int256(-7))
        #expect(throws: DEXMathError.overflow) { try Int256.min - .one }
        #expect(throws: DEXMathError.overflow) { try Int256.max + .one }
        #expect(throws: DEXMathError.overflow) { try Int256.min * Int256(-1) }
    }

    @Test("products landing exactly on Int256.min fit; one step further overflows")
    func productAtTheBoundary() throws {
        let twoTo254 = Int256(bitPattern: pow2(254))
        #expect(try Int256(2) * (try -twoTo254) == .min)
        #expect(try Int256(-2) * twoTo254 == .min)
        #expect(throws: DEXMathError.overflow) { try Int256(2) * twoTo254 }
        #expect(throws: DEXMathError.overflow) { try Int256(-2) * (try -twoTo254) }
        #expect(throws: DEXMathError.overflow) { try Int256.min * Int256(2) }
        #expect(try Int256.min * Int256(1) == .min)
        #expect(try Int256.max * Int256(-1) == (try Int256.min + .one))
    }

    @Test func codableIsASignedDecimalString() throws {
        let values: [Int256] = [.min, Int256(-1), .zero, .max]
        let data = try JSONEncoder().encode(values)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("[\"-\(Self.twoTo255)\",\"-1\",\"0\","))
        #expect(try JSONDecoder().decode([Int256].self, from: data) == values)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Int256].self, from: Data("[\"\(Self.twoTo255)\"]".utf8)) }
    }

    @Test("checked and wrapping + - *, negation, SAR and ordering against Python")
    func arithmeticMatchesReference() throws {
        let cases = BigIntVectors.shared.int256
        #expect(cases.count >= 120)
        for c in cases {
            let (a, b) = (i256(c.a), i256(c.b))
            #expect(a.bitPattern == u256(c.bitPattern), "bits of \(c.a)")
            #expect(a.description == c.a)

            if let sum = c.sum { #expect(try a + b == i256(sum), "\(c.a) + \(c.b)") }
            else { #expect(throws: DEXMathError.overflow, "\(c.a) + \(c.b)") { try a + b } }
            if let difference = c.difference { #expect(try a - b == i256(difference), "\(c.a) - \(c.b)") }
            else { #expect(throws: DEXMathError.overflow, "\(c.a) - \(c.b)") { try a - b } }
            if let product = c.product { #expect(try a * b == i256(product), "\(c.a) * \(c.b)") }
            else { #expect(throws: DEXMathError.overflow, "\(c.a) * \(c.b)") { try a * b } }
            if let negation = c.negation { #expect(try -a == i256(negation), "-\(c.a)") }
            else { #expect(throws: DEXMathError.overflow, "-\(c.a)") { try -a } }

            #expect(a &+ b == i256(c.wrappingSum), "\(c.a) &+ \(c.b)")
            #expect(a &- b == i256(c.wrappingDifference), "\(c.a) &- \(c.b)")
            #expect(a &* b == i256(c.wrappingProduct), "\(c.a) &* \(c.b)")
            #expect(a.addingReportingOverflow(b).overflow == (c.sum == nil))
            #expect(a.subtractingReportingOverflow(b).overflow == (c.difference == nil))

            #expect(a >> c.shift == i256(c.arithmeticRight), "\(c.a) >> \(c.shift)")
            #expect((a < b) == c.less, "\(c.a) < \(c.b)")
            #expect((b < a) == (!c.less && c.a != c.b))
        }
    }
}
