// Division of 256- and 512-bit numerators by a 256-bit divisor: Knuth's Algorithm D
// (TAOCP vol. 2, 4.3.1) on 64-bit limbs, straight-line and in registers, plus fast paths for
// the shapes the v3 math produces most (64-bit divisors, 128-bit operands).

extension UInt256 {
    @inlinable @inline(__always)
    public func quotientAndRemainder(dividingBy divisor: UInt256) throws(DEXMathError) -> (quotient: UInt256, remainder: UInt256) {
        if divisor.isZero { throw .divisionByZero }
        if self < divisor { return (.zero, self) }
        let r = UInt256.divide(high: .zero, low: self, by: divisor)
        return (r.quotientLow, r.remainder)
    }

    @inlinable
    public static func / (lhs: UInt256, rhs: UInt256) throws(DEXMathError) -> UInt256 {
        try lhs.quotientAndRemainder(dividingBy: rhs).quotient
    }

    @inlinable
    public static func % (lhs: UInt256, rhs: UInt256) throws(DEXMathError) -> UInt256 {
        try lhs.quotientAndRemainder(dividingBy: rhs).remainder
    }

    /// (high·2^256 + low) / divisor, when the quotient fits 256 bits (that is, high < divisor).
    @inlinable @inline(__always)
    public static func dividingFullWidth(_ dividend: (high: UInt256, low: UInt256), by divisor: UInt256) throws(DEXMathError) -> (quotient: UInt256, remainder: UInt256) {
        if divisor.isZero { throw .divisionByZero }
        if dividend.high >= divisor { throw .overflow }
        if dividend.high.isZero && dividend.low < divisor { return (.zero, dividend.low) }
        let r = divide(high: dividend.high, low: dividend.low, by: divisor)
        return (r.quotientLow, r.remainder)
    }

    /// (high·2^256 + low) / divisor. Requires divisor ≠ 0 and high < divisor, so the quotient
    /// fits 256 bits.
    @inlinable
    static func divide(high: UInt256, low: UInt256, by divisor: UInt256) -> (quotientLow: UInt256, remainder: UInt256) {
        // Fast path: dividend and divisor fit 128 bits (fee arithmetic, small amounts): one
        // native UInt128 division.
        if (high.w0 | high.w1 | high.w2 | high.w3 | low.w2 | low.w3 | divisor.w2 | divisor.w3) == 0 {
            let n = UInt128(low.w1) << 64 | UInt128(low.w0)
            let d = UInt128(divisor.w1) << 64 | UInt128(divisor.w0)
            let (q, r) = n.quotientAndRemainder(dividingBy: d)
            return (UInt256(q), UInt256(r))
        }
        if divisor.w1 | divisor.w2 | divisor.w3 == 0 {
            return divide(high: high.w0, low: low, by: divisor.w0)
        }
        return divideLong(high: high, low: low, by: divisor)
    }

    /// Fast path for a divisor of one limb: high < divisor, so the dividend is five limbs
    /// (high, low.w3 … low.w0) and the quotient four digits, each one 2-by-1 division.
    @inlinable
    static func divide(high: UInt64, low: UInt256, by divisor: UInt64) -> (quotientLow: UInt256, remainder: UInt256) {
        // Normalise (divisor's top bit set); shifting the dividend as much loses nothing.
        let s = UInt64(truncatingIfNeeded: divisor.leadingZeroBitCount)
        let d = NormalisedDivisor(divisor &<< s)
        var rem = funnelShiftLeft(high, low.w3, s)
        let q3, q2, q1, q0: UInt64
        (q3, rem) = d.divide(rem, funnelShiftLeft(low.w3, low.w2, s))
        (q2, rem) = d.divide(rem, funnelShiftLeft(low.w2, low.w1, s))
        (q1, rem) = d.divide(rem, funnelShiftLeft(low.w1, low.w0, s))
        (q0, rem) = d.divide(rem, low.w0 &<< s)
        return (UInt256(w0: q0, w1: q1, w2: q2, w3: q3), UInt256(rem &>> s))
    }

    /// Algorithm D for a divisor of two to four limbs. Requires high < divisor.
    ///
    /// Both operands are first shifted left by k bits so that the divisor's top bit is bit 255.
    /// That leaves the quotient unchanged and scales the remainder by 2^k; and because
    /// high < divisor, the shifted dividend still fits 512 bits, with its high half below the
    /// shifted divisor. The divisor then always has four limbs and the quotient four digits,
    /// so the long division is four identical steps on values held in registers.
    @inlinable
    static func divideLong(high: UInt256, low: UInt256, by divisor: UInt256) -> (quotientLow: UInt256, remainder: UInt256) {
        let k = divisor.leadingZeroBitCount  // < 192: the divisor has at least two limbs
        let d = divisor << k
        let (nHigh, nLow) = shiftedLeft512(high: high, low: low, by: k)
        let top = NormalisedDivisor(d.w3)
        var r = nHigh
        let q3 = divideStep(&r, nLow.w3, by: d, top)
        let q2 = divideStep(&r, nLow.w2, by: d, top)
        let q1 = divideStep(&r, nLow.w1, by: d, top)
        let q0 = divideStep(&r, nLow.w0, by: d, top)
        return (UInt256(w0: q0, w1: q1, w2: q2, w3: q3), r >> k)
    }

    /// One quotient digit of Algorithm D: (r·2^64 + u) / d, replacing r by the remainder.
    /// Requires r < d and d's top bit set (`top` is d's top limb), so the digit fits 64 bits.
    @inlinable @inline(__always)
    static func divideStep(_ r: inout UInt256, _ u: UInt64, by d: UInt256, _ top: NormalisedDivisor) -> UInt64 {
        // Fast path: r's top limb is zero and the next is below d's top limb, so
        // r·2^64 + u < d and the digit is zero.
        if r.w3 == 0 && r.w2 < d.w3 {
            r = UInt256(w0: u, w1: r.w0, w2: r.w1, w3: r.w2)
            return 0
        }
        // Estimate the digit from the top two limbs of r·2^64 + u (r.w3, r.w2) and d's top limb,
        // then correct it with the next limbs (r.w1 and d.w2). After that it is exact or one too
        // large (Knuth, TAOCP 4.3.1, steps D3 and D6).
        var qhat: UInt64
        var rhat: UInt64
        var rhatOverflow = false
        if r.w3 >= d.w3 {
            qhat = .max
            (rhat, rhatOverflow) = r.w2.addingReportingOverflow(d.w3)
        } else {
            (qhat, rhat) = top.divide(r.w3, r.w2)
        }
        while !rhatOverflow {
            let p = qhat.multipliedFullWidth(by: d.w2)
            if p.high < rhat || (p.high == rhat && p.low <= r.w1) { break }
            qhat &-= 1
            (rhat, rhatOverflow) = rhat.addingReportingOverflow(d.w3)
        }

        // (r, u) −= qhat·d, over five limbs.
        var borrow = false
        let (c0, p0) = multiplyAdd(qhat, d.w0, 0, 0)
        let x0 = subtractBorrowing(u, p0, &borrow)
        let (c1, p1) = multiplyAdd(qhat, d.w1, c0, 0)
        let x1 = subtractBorrowing(r.w0, p1, &borrow)
        let (c2, p2) = multiplyAdd(qhat, d.w2, c1, 0)
        let x2 = subtractBorrowing(r.w1, p2, &borrow)
        let (c3, p3) = multiplyAdd(qhat, d.w3, c2, 0)
        let x3 = subtractBorrowing(r.w2, p3, &borrow)
        _ = subtractBorrowing(r.w3, c3, &borrow)
        r = UInt256(w0: x0, w1: x1, w2: x2, w3: x3)
        if borrow {
            // qhat was one too large (rare: about 2/2^64): add d back; the fifth limb's carry
            // cancels the borrow.
            qhat &-= 1
            r = r &+ d
        }
        return qhat
    }

    /// (high, low) << shift for shift in 0..<256, as 512 bits; the caller ensures nothing is lost.
    @inlinable @inline(__always)
    static func shiftedLeft512(high: UInt256, low: UInt256, by shift: Int) -> (high: UInt256, low: UInt256) {
        var (h, l) = (high, low)
        if shift & 128 != 0 {
            (h, l) = (UInt256(w0: l.w2, w1: l.w3, w2: h.w0, w3: h.w1), UInt256(w0: 0, w1: 0, w2: l.w0, w3: l.w1))
        }
        if shift & 64 != 0 {
            (h, l) = (UInt256(w0: l.w3, w1: h.w0, w2: h.w1, w3: h.w2), UInt256(w0: 0, w1: l.w0, w2: l.w1, w3: l.w2))
        }
        let s = UInt64(truncatingIfNeeded: shift & 63)
        return (UInt256(w0: funnelShiftLeft(h.w0, l.w3, s),
                        w1: funnelShiftLeft(h.w1, h.w0, s),
                        w2: funnelShiftLeft(h.w2, h.w1, s),
                        w3: funnelShiftLeft(h.w3, h.w2, s)),
                UInt256(w0: l.w0 &<< s,
                        w1: funnelShiftLeft(l.w1, l.w0, s),
                        w2: funnelShiftLeft(l.w2, l.w1, s),
                        w3: funnelShiftLeft(l.w3, l.w2, s)))
    }
}

/// A one-limb divisor with its top bit set, and its reciprocal, so that each 2-by-1 division
/// costs two multiplications instead of a `div` (or, as `UInt64.dividingFullWidth` compiles, a
/// call to `__udivti3`): Möller & Granlund, "Improved division by invariant integers",
/// IEEE Trans. Computers 60(2), 2011, Algorithm 4. Worth it when one divisor serves several digits.
@usableFromInline
struct NormalisedDivisor {
    @usableFromInline let d: UInt64
    /// v = ⌊(2^128 − 1) / d⌋ − 2^64, which fits 64 bits because d ≥ 2^63.
    @usableFromInline let v: UInt64

    @inlinable @inline(__always)
    init(_ d: UInt64) {
        self.d = d
        // (2^128 − 1) − 2^64·d = (~d)·2^64 + (2^64 − 1), divided by d, is v; its quotient fits 64 bits.
        v = UInt64(truncatingIfNeeded: (UInt128(~d) << 64 | UInt128(UInt64.max)) / UInt128(d))
    }

    /// (u1·2^64 + u0) divided by d, as (quotient, remainder). Requires u1 < d.
    @inlinable @inline(__always)
    func divide(_ u1: UInt64, _ u0: UInt64) -> (quotient: UInt64, remainder: UInt64) {
        // Candidate from the reciprocal: ⟨q1, q0⟩ = v·u1 + ⟨u1, u0⟩ (mod 2^128), q1 + 1.
        let p = UInt128(v) &* UInt128(u1) &+ (UInt128(u1) << 64 | UInt128(u0))
        var q1 = UInt64(truncatingIfNeeded: p &>> 64) &+ 1
        let q0 = UInt64(truncatingIfNeeded: p)
        var r = u0 &- q1 &* d
        // The candidate is at most one too large, or (rarely) one too small.
        if r > q0 {
            q1 &-= 1
            r &+= d
        }
        if r >= d {
            q1 &+= 1
            r &-= d
        }
        return (q1, r)
    }
}
