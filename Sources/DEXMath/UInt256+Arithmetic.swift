// Addition, subtraction, multiplication, shifts and bitwise logic on UInt256.

@inlinable @inline(__always)
func addCarrying(_ a: UInt64, _ b: UInt64, _ carry: inout Bool) -> UInt64 {
    let (s1, c1) = a.addingReportingOverflow(b)
    let (s2, c2) = s1.addingReportingOverflow(carry ? 1 : 0)
    // At most one of the two additions can carry (if a + b wraps, s1 ≤ 2^64 − 2), so `!=` is
    // their OR. Unlike `||` it doesn't short-circuit, and a chain of these compiles to `adc`.
    carry = c1 != c2
    return s2
}

@inlinable @inline(__always)
func subtractBorrowing(_ a: UInt64, _ b: UInt64, _ borrow: inout Bool) -> UInt64 {
    let (d1, b1) = a.subtractingReportingOverflow(b)
    let (d2, b2) = d1.subtractingReportingOverflow(borrow ? 1 : 0)
    // As above: at most one of the two subtractions can borrow; the chain compiles to `sbb`.
    borrow = b1 != b2
    return d2
}

/// a·b + c + d as a 128-bit (high, low) pair. It cannot wrap: (2^64 − 1)² + 2·(2^64 − 1) = 2^128 − 1.
/// One `mul` and an `add`/`adc` pair per term, no branches.
@inlinable @inline(__always)
func multiplyAdd(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> (high: UInt64, low: UInt64) {
    let t = UInt128(a) &* UInt128(b) &+ UInt128(c) &+ UInt128(d)
    return (UInt64(truncatingIfNeeded: t &>> 64), UInt64(truncatingIfNeeded: t))
}

/// (r0, r1, r2, r3) += x·b, returning the limb carried out above r3 (one row of schoolbook multiplication).
@inlinable @inline(__always)
func multiplyAddRow(_ x: UInt64, _ b: UInt256, _ r0: inout UInt64, _ r1: inout UInt64, _ r2: inout UInt64, _ r3: inout UInt64) -> UInt64 {
    var carry: UInt64
    (carry, r0) = multiplyAdd(x, b.w0, r0, 0)
    (carry, r1) = multiplyAdd(x, b.w1, r1, carry)
    (carry, r2) = multiplyAdd(x, b.w2, r2, carry)
    (carry, r3) = multiplyAdd(x, b.w3, r3, carry)
    return carry
}

/// The low 64 bits of (high:low) >> shift, for shift in 0..<64 (a funnel shift, `shrd`).
/// `high << (64 − shift)` is written as `(high << 1) << (63 − shift)` so shift == 0 gives 0, not `high`.
@inlinable @inline(__always)
func funnelShiftRight(_ high: UInt64, _ low: UInt64, _ shift: UInt64) -> UInt64 {
    (low &>> shift) | ((high &<< 1) &<< (63 &- shift))
}

/// The high 64 bits of (high:low) << shift, for shift in 0..<64 (`shld`); the same trick.
@inlinable @inline(__always)
func funnelShiftLeft(_ high: UInt64, _ low: UInt64, _ shift: UInt64) -> UInt64 {
    (high &<< shift) | ((low &>> 1) &>> (63 &- shift))
}

extension UInt256 {
    @inlinable @inline(__always)
    public func addingReportingOverflow(_ rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var carry = false
        let r0 = addCarrying(w0, rhs.w0, &carry)
        let r1 = addCarrying(w1, rhs.w1, &carry)
        let r2 = addCarrying(w2, rhs.w2, &carry)
        let r3 = addCarrying(w3, rhs.w3, &carry)
        return (UInt256(w0: r0, w1: r1, w2: r2, w3: r3), carry)
    }

    @inlinable @inline(__always)
    public func subtractingReportingOverflow(_ rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var borrow = false
        let r0 = subtractBorrowing(w0, rhs.w0, &borrow)
        let r1 = subtractBorrowing(w1, rhs.w1, &borrow)
        let r2 = subtractBorrowing(w2, rhs.w2, &borrow)
        let r3 = subtractBorrowing(w3, rhs.w3, &borrow)
        return (UInt256(w0: r0, w1: r1, w2: r2, w3: r3), borrow)
    }

    /// The full 512-bit product: schoolbook multiplication, one row per limb of `self`,
    /// straight-line (16 `mul`s, carries in `adc`), so there is nothing to mispredict.
    @inlinable @inline(__always)
    public func multipliedFullWidth(by rhs: UInt256) -> (high: UInt256, low: UInt256) {
        // Fast path: both factors fit 128 bits (liquidity, price differences, prices below 2^128,
        // fee arithmetic), so the product fits 256: four `mul`s instead of sixteen.
        if (w2 | w3 | rhs.w2 | rhs.w3) == 0 {
            let (c0, p0) = multiplyAdd(w0, rhs.w0, 0, 0)
            let (c1, p1) = multiplyAdd(w0, rhs.w1, c0, 0)
            let (d1, q1) = multiplyAdd(w1, rhs.w0, p1, 0)
            let (d2, q2) = multiplyAdd(w1, rhs.w1, c1, d1)
            return (.zero, UInt256(w0: p0, w1: q1, w2: q2, w3: d2))
        }
        var r0: UInt64 = 0, r1: UInt64 = 0, r2: UInt64 = 0, r3: UInt64 = 0
        var r4 = multiplyAddRow(w0, rhs, &r0, &r1, &r2, &r3)
        var r5 = multiplyAddRow(w1, rhs, &r1, &r2, &r3, &r4)
        var r6 = multiplyAddRow(w2, rhs, &r2, &r3, &r4, &r5)
        let r7 = multiplyAddRow(w3, rhs, &r3, &r4, &r5, &r6)
        return (UInt256(w0: r4, w1: r5, w2: r6, w3: r7), UInt256(w0: r0, w1: r1, w2: r2, w3: r3))
    }

    /// The low 256 bits of the product (the high half is never computed).
    @inlinable @inline(__always)
    func multipliedLow(by rhs: UInt256) -> UInt256 {
        var r0: UInt64 = 0, r1: UInt64 = 0, r2: UInt64 = 0, r3: UInt64 = 0
        var r4: UInt64 = 0
        (r4, r0) = multiplyAdd(w0, rhs.w0, 0, 0)
        (r4, r1) = multiplyAdd(w0, rhs.w1, 0, r4)
        (r4, r2) = multiplyAdd(w0, rhs.w2, 0, r4)
        r3 = w0 &* rhs.w3 &+ r4
        (r4, r1) = multiplyAdd(w1, rhs.w0, r1, 0)
        (r4, r2) = multiplyAdd(w1, rhs.w1, r2, r4)
        r3 = r3 &+ w1 &* rhs.w2 &+ r4
        (r4, r2) = multiplyAdd(w2, rhs.w0, r2, 0)
        r3 = r3 &+ w2 &* rhs.w1 &+ r4
        r3 = r3 &+ w3 &* rhs.w0
        return UInt256(w0: r0, w1: r1, w2: r2, w3: r3)
    }

    @inlinable
    public func multipliedReportingOverflow(by rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (high, low) = multipliedFullWidth(by: rhs)
        return (low, !high.isZero)
    }

    @inlinable
    public static func + (lhs: UInt256, rhs: UInt256) throws(DEXMathError) -> UInt256 {
        let (r, o) = lhs.addingReportingOverflow(rhs)
        if o { throw .overflow }
        return r
    }

    @inlinable
    public static func - (lhs: UInt256, rhs: UInt256) throws(DEXMathError) -> UInt256 {
        let (r, o) = lhs.subtractingReportingOverflow(rhs)
        if o { throw .overflow }
        return r
    }

    @inlinable
    public static func * (lhs: UInt256, rhs: UInt256) throws(DEXMathError) -> UInt256 {
        let (r, o) = lhs.multipliedReportingOverflow(by: rhs)
        if o { throw .overflow }
        return r
    }

    /// Wrapping (mod 2^256) arithmetic, for the places the contracts use unchecked math.
    @inlinable @inline(__always)
    public static func &+ (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.addingReportingOverflow(rhs).partialValue }

    @inlinable @inline(__always)
    public static func &- (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.subtractingReportingOverflow(rhs).partialValue }

    @inlinable @inline(__always)
    public static func &* (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.multipliedLow(by: rhs) }

    // MARK: Shifts (amounts of 256 or more give zero, as the EVM's SHL/SHR do)

    // Whole limbs move by selects on bits 7 and 6 of the amount (no jump table), then the bits
    // within a limb by funnel shifts. With a constant amount, all of it folds to a few moves.

    @inlinable @inline(__always)
    public static func << (lhs: UInt256, rhs: Int) -> UInt256 {
        rhs >= 0 ? lhs.shiftedLeft(rhs) : lhs.shiftedRight(rhs <= -256 ? 256 : -rhs)
    }

    @inlinable @inline(__always)
    public static func >> (lhs: UInt256, rhs: Int) -> UInt256 {
        rhs >= 0 ? lhs.shiftedRight(rhs) : lhs.shiftedLeft(rhs <= -256 ? 256 : -rhs)
    }

    /// self << amount for amount ≥ 0.
    @inlinable @inline(__always)
    func shiftedLeft(_ amount: Int) -> UInt256 {
        if amount >= 256 { return .zero }
        var v = self
        if amount & 128 != 0 { v = UInt256(w0: 0, w1: 0, w2: v.w0, w3: v.w1) }
        if amount & 64 != 0 { v = UInt256(w0: 0, w1: v.w0, w2: v.w1, w3: v.w2) }
        let s = UInt64(truncatingIfNeeded: amount & 63)
        return UInt256(w0: v.w0 &<< s,
                       w1: funnelShiftLeft(v.w1, v.w0, s),
                       w2: funnelShiftLeft(v.w2, v.w1, s),
                       w3: funnelShiftLeft(v.w3, v.w2, s))
    }

    /// self >> amount for amount ≥ 0.
    @inlinable @inline(__always)
    func shiftedRight(_ amount: Int) -> UInt256 {
        if amount >= 256 { return .zero }
        var v = self
        if amount & 128 != 0 { v = UInt256(w0: v.w2, w1: v.w3, w2: 0, w3: 0) }
        if amount & 64 != 0 { v = UInt256(w0: v.w1, w1: v.w2, w2: v.w3, w3: 0) }
        let s = UInt64(truncatingIfNeeded: amount & 63)
        return UInt256(w0: funnelShiftRight(v.w1, v.w0, s),
                       w1: funnelShiftRight(v.w2, v.w1, s),
                       w2: funnelShiftRight(v.w3, v.w2, s),
                       w3: v.w3 &>> s)
    }

    // MARK: Bitwise

    @inlinable
    public static func & (lhs: UInt256, rhs: UInt256) -> UInt256 {
        UInt256(w0: lhs.w0 & rhs.w0, w1: lhs.w1 & rhs.w1, w2: lhs.w2 & rhs.w2, w3: lhs.w3 & rhs.w3)
    }

    @inlinable
    public static func | (lhs: UInt256, rhs: UInt256) -> UInt256 {
        UInt256(w0: lhs.w0 | rhs.w0, w1: lhs.w1 | rhs.w1, w2: lhs.w2 | rhs.w2, w3: lhs.w3 | rhs.w3)
    }

    @inlinable
    public static func ^ (lhs: UInt256, rhs: UInt256) -> UInt256 {
        UInt256(w0: lhs.w0 ^ rhs.w0, w1: lhs.w1 ^ rhs.w1, w2: lhs.w2 ^ rhs.w2, w3: lhs.w3 ^ rhs.w3)
    }

    @inlinable
    public static prefix func ~ (value: UInt256) -> UInt256 {
        UInt256(w0: ~value.w0, w1: ~value.w1, w2: ~value.w2, w3: ~value.w3)
    }

    /// Whether bit `index` (0 = least significant) is set.
    @inlinable
    public func bit(_ index: Int) -> Bool {
        (self >> index).w0 & 1 == 1
    }
}
