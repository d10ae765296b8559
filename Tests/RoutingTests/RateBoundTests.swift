import DEXMath
@testable import Routing
import Testing
import TestSupport

/// Each operation rounded down is at most the exact value, rounded up at least it, and the two
/// are a couple of units in the 64-bit mantissa apart.
@Suite struct RateBoundTests {
    /// A random value of up to 192 bits with a random number of significant bits.
    static func value(_ rng: inout SplitMix64) -> UInt256 {
        UInt256(rng.next() >> (rng.next() % 64)) << Int(rng.next() % 128)
    }

    static func expectBracketed(_ exact: UInt256, _ down: RateBound, _ up: RateBound, _ what: String) {
        #expect(down.integerPart <= exact, "\(what): rounded down above \(exact)")
        #expect(up.integerPart >= exact, "\(what): rounded up below \(exact)")
        // Two units of the mantissa at most, plus the integer parts' own flooring.
        #expect(up.integerPart &- down.integerPart <= (exact >> 62) &+ .one, "\(what): \(down.integerPart) … \(up.integerPart)")
    }

    @Test func conversionsBracketTheValueAndSmallValuesAreExact() {
        var rng = SplitMix64(seed: 1)
        for _ in 0..<2_000 {
            let v = Self.value(&rng)
            Self.expectBracketed(v, RateBound(v, rounding: .down), RateBound(v, rounding: .up), "\(v)")
            let small = UInt256(rng.next())
            #expect(RateBound(small, rounding: .down) == RateBound(small, rounding: .up))
            #expect(RateBound(small, rounding: .down).integerPart == small)
        }
        #expect(RateBound(UInt256.max, rounding: .up).integerPart == .max)
    }

    @Test func productsQuotientsSumsAndDifferencesBracketTheExactResult() throws {
        var rng = SplitMix64(seed: 2)
        for _ in 0..<2_000 {
            let (a, b) = (UInt256(rng.next() | 1), UInt256(rng.next() | 1))
            let (ra, rb) = (RateBound(a, rounding: .down), RateBound(b, rounding: .down))
            Self.expectBracketed(a &* b, ra.multiplied(by: rb, rounding: .down), ra.multiplied(by: rb, rounding: .up), "\(a)·\(b)")
            // a·2^64 / b, both quotient branches (a below b and not).
            let quotient = try (a << 64) / b
            Self.expectBracketed(quotient, ra.divided(by: rb, rounding: .down).scaled(byPowerOfTwo: 64),
                                 ra.divided(by: rb, rounding: .up).scaled(byPowerOfTwo: 64), "\(a)/\(b)")

            let (x, y) = (Self.value(&rng), Self.value(&rng))
            let (rx, ry) = (RateBound(x, rounding: .down), RateBound(y, rounding: .down))
            // The operands are themselves rounded (to integers): bracket against their exact sum
            // and difference.
            let sum = rx.integerPart &+ ry.integerPart
            Self.expectBracketed(sum, rx.adding(ry, rounding: .down), rx.adding(ry, rounding: .up), "\(x)+\(y)")
            let (big, small) = rx > ry ? (rx, ry) : (ry, rx)
            let difference = big.integerPart &- small.integerPart
            Self.expectBracketed(difference, big.subtracting(small, rounding: .down), big.subtracting(small, rounding: .up), "\(x)−\(y)")
        }
    }

    @Test func subtractingWhatIsNotSmallerGivesZero() {
        let one = RateBound.one
        let two = RateBound(UInt256(2), rounding: .down)
        #expect(one.subtracting(two, rounding: .down) == .zero)
        #expect(one.subtracting(one, rounding: .up) == .zero)
        #expect(two.subtracting(one, rounding: .down) == one)
        #expect(two.subtracting(.zero, rounding: .down) == two)
    }
}
