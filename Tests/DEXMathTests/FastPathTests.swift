// Cross-checks of the fast paths in the 256-bit arithmetic against an independent reference:
// a plain arbitrary-precision natural number on 32-bit limbs (`Ref` below), which shares no code
// with UInt256. Operands are drawn around the boundaries the fast paths test — 64, 96, 128, 160,
// 192 and 256 bits, powers of two, all-ones values — as well as at random widths, so both sides
// of every size check (128-bit multiply, 128-bit and 64-bit divisions, power-of-two
// denominators, the zero-digit shortcut in long division, the fused amount0Delta) are exercised.

import DEXMath
import TestSupport
import Testing

/// A natural number as little-endian 32-bit limbs, with exactly the operations the checks need.
private struct Ref: Equatable, Comparable {
    var limbs: [UInt32]

    init(_ limbs: [UInt32]) {
        var l = limbs
        while let last = l.last, last == 0 { l.removeLast() }
        self.limbs = l
    }

    init(_ x: UInt256) {
        var l: [UInt32] = []
        for w in [x.w0, x.w1, x.w2, x.w3] { l += [UInt32(truncatingIfNeeded: w), UInt32(truncatingIfNeeded: w >> 32)] }
        self.init(l)
    }

    /// high·2^256 + low.
    init(high: UInt256, low: UInt256) {
        self.init(Ref(low).padded(8) + Ref(high).limbs)
    }

    func padded(_ n: Int) -> [UInt32] { limbs + Array(repeating: 0, count: max(0, n - limbs.count)) }

    /// The value as (high, low) 256-bit halves; nil if it needs more than 512 bits.
    var halves: (high: UInt256, low: UInt256)? {
        guard limbs.count <= 16 else { return nil }
        let l = padded(16)
        func word(_ i: Int) -> UInt64 { UInt64(l[2 * i]) | UInt64(l[2 * i + 1]) << 32 }
        return (UInt256(w0: word(4), w1: word(5), w2: word(6), w3: word(7)),
                UInt256(w0: word(0), w1: word(1), w2: word(2), w3: word(3)))
    }

    static func * (a: Ref, b: Ref) -> Ref {
        var r = [UInt32](repeating: 0, count: a.limbs.count + b.limbs.count + 1)
        for (i, x) in a.limbs.enumerated() {
            var carry: UInt64 = 0
            for (j, y) in b.limbs.enumerated() {
                let t = UInt64(x) * UInt64(y) + UInt64(r[i + j]) + carry
                r[i + j] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            r[i + b.limbs.count] = UInt32(carry)
        }
        return Ref(r)
    }

    static func + (a: Ref, b: Ref) -> Ref {
        let n = max(a.limbs.count, b.limbs.count)
        let (x, y) = (a.padded(n), b.padded(n))
        var r: [UInt32] = []
        var carry: UInt64 = 0
        for i in 0..<n {
            let t = UInt64(x[i]) + UInt64(y[i]) + carry
            r.append(UInt32(truncatingIfNeeded: t))
            carry = t >> 32
        }
        r.append(UInt32(carry))
        return Ref(r)
    }

    static func < (a: Ref, b: Ref) -> Bool {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count }
        for i in stride(from: a.limbs.count - 1, through: 0, by: -1) where a.limbs[i] != b.limbs[i] {
            return a.limbs[i] < b.limbs[i]
        }
        return false
    }

    /// self · 2^n, bit by bit.
    func shiftedLeft(_ n: Int) -> Ref {
        var r = [UInt32](repeating: 0, count: limbs.count + n / 32 + 1)
        for i in 0..<(limbs.count * 32) where (limbs[i / 32] >> (i % 32)) & 1 == 1 {
            let j = i + n
            r[j / 32] |= 1 << (j % 32)
        }
        return Ref(r)
    }

    /// ⌊self / 2^n⌋, bit by bit.
    func shiftedRight(_ n: Int) -> Ref {
        var r = [UInt32](repeating: 0, count: limbs.count)
        for i in 0..<(limbs.count * 32) where i >= n && (limbs[i / 32] >> (i % 32)) & 1 == 1 {
            let j = i - n
            r[j / 32] |= 1 << (j % 32)
        }
        return Ref(r)
    }

    /// self mod 2^256.
    var truncated: UInt256 { Ref(Array(padded(8).prefix(8))).halves!.low }
}

/// Operands around the widths where the fast paths switch.
private struct BoundaryOperands {
    static let widths = [0, 1, 2, 31, 32, 33, 63, 64, 65, 95, 96, 97, 127, 128, 129, 159, 160, 161, 191, 192, 193, 223, 224, 225, 254, 255, 256]
    var rng: SplitMix64

    /// A value of a boundary width (or, a quarter of the time, a random width): random bits,
    /// all ones, or a power of two.
    mutating func next() -> UInt256 {
        let width = Int.random(in: 0..<4, using: &rng) == 0
            ? Int.random(in: 0...256, using: &rng)
            : Self.widths.randomElement(using: &rng)!
        if width == 0 { return .zero }
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return UInt256.max >> (256 - width)
        case 1: return UInt256.one << (width - 1)
        default:
            let bits = UInt256(w0: rng.next(), w1: rng.next(), w2: rng.next(), w3: rng.next()) >> (256 - width)
            return bits | (UInt256.one << (width - 1))
        }
    }

    /// A non-zero value.
    mutating func nonZero() -> UInt256 {
        let x = next()
        return x.isZero ? .one : x
    }
}

@Suite("Fast paths against an independent reference")
struct FastPathTests {
    static let cases = 4000

    @Test func multipliedFullWidthMatchesReference() {
        var ops = BoundaryOperands(rng: SplitMix64(seed: 0xFA57_0001))
        for _ in 0..<Self.cases {
            let (a, b) = (ops.next(), ops.next())
            let product = a.multipliedFullWidth(by: b)
            let expected = (Ref(a) * Ref(b)).halves!
            #expect(product.high == expected.high && product.low == expected.low, "\(a) × \(b)")
            #expect(a &* b == expected.low, "\(a) &* \(b)")
        }
    }

    @Test func quotientAndRemainderSatisfiesTheDivisionIdentity() throws {
        var ops = BoundaryOperands(rng: SplitMix64(seed: 0xFA57_0002))
        for _ in 0..<Self.cases {
            let (n, d) = (ops.next(), ops.nonZero())
            let (q, r) = try n.quotientAndRemainder(dividingBy: d)
            #expect(r < d, "\(n) / \(d)")
            #expect(Ref(q) * Ref(d) + Ref(r) == Ref(n), "\(n) / \(d)")
        }
    }

    @Test func dividingFullWidthSatisfiesTheDivisionIdentity() throws {
        var ops = BoundaryOperands(rng: SplitMix64(seed: 0xFA57_0003))
        for _ in 0..<Self.cases {
            let d = ops.nonZero()
            // A high half below the divisor, so the quotient fits: often zero, often d − 1.
            let high: UInt256 = switch Int.random(in: 0..<3, using: &ops.rng) {
            case 0: .zero
            case 1: d &- .one
            default: (try? ops.next() % d) ?? .zero
            }
            let low = ops.next()
            let (q, r) = try UInt256.dividingFullWidth((high, low), by: d)
            #expect(r < d, "(\(high), \(low)) / \(d)")
            #expect(Ref(q) * Ref(d) + Ref(r) == Ref(high: high, low: low), "(\(high), \(low)) / \(d)")
            #expect(throws: DEXMathError.overflow) { try UInt256.dividingFullWidth((d, low), by: d) }
        }
    }

    @Test func mulDivMatchesReferenceIncludingPowerOfTwoDenominators() {
        var ops = BoundaryOperands(rng: SplitMix64(seed: 0xFA57_0004))
        for i in 0..<Self.cases {
            let (a, b) = (ops.next(), ops.next())
            // Every other denominator is a power of two (the shift path), 2^0 … 2^255.
            let d = i % 2 == 0 ? UInt256.one << Int.random(in: 0...255, using: &ops.rng) : ops.nonZero()
            let product = Ref(a) * Ref(b)
            let fits = product < Ref(high: d, low: .zero)  // quotient < 2^256
            let down = try? FullMath.mulDiv(a, b, d)
            let up = try? FullMath.mulDivRoundingUp(a, b, d)
            guard fits, let down else {
                #expect(!fits && down == nil, "mulDiv(\(a), \(b), \(d))")
                continue
            }
            // down·d ≤ a·b < down·d + d
            let floor = Ref(down) * Ref(d)
            #expect(!(product < floor) && product < floor + Ref(d), "mulDiv(\(a), \(b), \(d))")
            let exact = floor == product
            if exact {
                #expect(up == down, "mulDivRoundingUp(\(a), \(b), \(d))")
            } else if down == .max {
                #expect(up == nil, "mulDivRoundingUp(\(a), \(b), \(d))")
            } else {
                #expect(up == down &+ .one, "mulDivRoundingUp(\(a), \(b), \(d))")
            }
        }
    }

    @Test func shiftsMatchReference() {
        var ops = BoundaryOperands(rng: SplitMix64(seed: 0xFA57_0005))
        for _ in 0..<Self.cases {
            let x = ops.next()
            let n = Int.random(in: -300...300, using: &ops.rng)
            let left = n >= 0 ? Ref(x).shiftedLeft(n).truncated : Ref(x).shiftedRight(-n).truncated
            let right = n >= 0 ? Ref(x).shiftedRight(n).truncated : Ref(x).shiftedLeft(-n).truncated
            #expect(x << n == left, "\(x) << \(n)")
            #expect(x >> n == right, "\(x) >> \(n)")
        }
    }

    @Test func comparisonsMatchReference() {
        var ops = BoundaryOperands(rng: SplitMix64(seed: 0xFA57_0006))
        for _ in 0..<Self.cases {
            let a = ops.next()
            // Often equal, or differing only in a low limb, to exercise every limb of the comparison.
            let b: UInt256 = switch Int.random(in: 0..<3, using: &ops.rng) {
            case 0: a
            case 1: a ^ (UInt256.one << Int.random(in: 0..<256, using: &ops.rng))
            default: ops.next()
            }
            #expect((a < b) == (Ref(a) < Ref(b)), "\(a) < \(b)")
            #expect((a == b) == (Ref(a) == Ref(b)), "\(a) == \(b)")
        }
    }

    /// amount0Delta divides once by √A·√B when that fits 256 bits; v3-core divides by √B, then √A.
    @Test func amount0DeltaMatchesTheTwoDivisionForm() throws {
        var rng = SplitMix64(seed: 0xFA57_0007)
        for i in 0..<Self.cases {
            // Prices anywhere in range (products above and below 2^256), and near the top of it.
            let a = i % 4 == 0 ? TickMath.maxSqrtRatio &- rng.uint256(maxBits: 100) &- .one : rng.sqrtPrice()
            let b = rng.sqrtPrice()
            let liquidity = rng.uint128()
            let (lo, hi) = a < b ? (a, b) : (b, a)
            let numerator1 = UInt256(liquidity) << 96
            let up = UnsafeMath.divRoundingUp(try FullMath.mulDivRoundingUp(numerator1, hi &- lo, hi), lo)
            let down = try FullMath.mulDiv(numerator1, hi &- lo, hi) / lo
            #expect(try SqrtPriceMath.amount0Delta(a, b, liquidity: liquidity, roundUp: true) == up, "\(a) \(b) \(liquidity)")
            #expect(try SqrtPriceMath.amount0Delta(a, b, liquidity: liquidity, roundUp: false) == down, "\(a) \(b) \(liquidity)")
        }
    }

    /// sqrtPriceAtTick multiplies in UInt128 with a stand-in for the initial 2^128; the reference
    /// is v3-core's algorithm written out at 256 bits on `Ref`.
    @Test func sqrtPriceAtTickMatchesTheFullWidthAlgorithm() throws {
        let factors: [String] = [
            "fffcb933bd6fad37aa2d162d1a594001", "fff97272373d413259a46990580e213a", "fff2e50f5f656932ef12357cf3c7fdcc",
            "ffe5caca7e10e4e61c3624eaa0941cd0", "ffcb9843d60f6159c9db58835c926644", "ff973b41fa98c081472e6896dfb254c0",
            "ff2ea16466c96a3843ec78b326b52861", "fe5dee046a99a2a811c461f1969c3053", "fcbe86c7900a88aedcffc83b479aa3a4",
            "f987a7253ac413176f2b074cf7815e54", "f3392b0822b70005940c7a398e4b70f3", "e7159475a2c29b7443b29c7fa6e889d9",
            "d097f3bdfd2022b8845ad8f792aa5825", "a9f746462d870fdf8a65dc1f90e061e5", "70d869a156d2a1b890bb3df62baf32f7",
            "31be135f97d08fd981231505542fcfa6", "9aa508b5b7a84e1c677de54f3e99bc9", "5d6af8dedb81196699c329225ee604",
            "2216e584f5fa1ea926041bedfe98", "48a170391f7dc42444e8fa2",
        ]
        let factorValues = factors.map { hex in
            Ref(UInt256(w0: UInt64(hex.suffix(16), radix: 16)!, w1: hex.count > 16 ? UInt64(hex.dropLast(16), radix: 16)! : 0, w2: 0, w3: 0))
        }
        func reference(_ tick: Int32) throws -> UInt256 {
            let absTick = Int(tick.magnitude)
            var ratio = Ref(UInt256.one << 128)
            for bit in 0..<20 where absTick >> bit & 1 == 1 { ratio = (ratio * factorValues[bit]).shiftedRight(128) }
            var r = ratio.truncated
            if tick > 0 { r = try UInt256.max / r }
            return (r >> 32) &+ (r.w0 & 0xffff_ffff == 0 ? .zero : .one)
        }
        var rng = SplitMix64(seed: 0xFA57_0008)
        var ticks: [Int32] = [0, 1, -1, 2, -2, TickMath.maxTick, TickMath.minTick, TickMath.maxTick - 1, TickMath.minTick + 1]
        for bit in 0..<20 { ticks += [1 << bit, -(1 << bit), (1 << bit) - 1, -((1 << bit) - 1)] }
        for _ in 0..<2000 { ticks.append(Int32.random(in: TickMath.minTick...TickMath.maxTick, using: &rng)) }
        for tick in ticks where tick.magnitude <= TickMath.maxTick.magnitude {
            #expect(try TickMath.sqrtPriceAtTick(tick) == reference(tick), "tick \(tick)")
        }
    }
}
