// Addition, subtraction, multiplication, shifts and bitwise logic on UInt256.

@inlinable @inline(__always)
func addCarrying(_ a: UInt64, _ b: UInt64, _ carry: inout Bool) -> UInt64 {
    let (s1, c1) = a.addingReportingOverflow(b)
    let (s2, c2) = s1.addingReportingOverflow(carry ? 1 : 0)
    carry = c1 || c2
    return s2
}

@inlinable @inline(__always)
func subtractBorrowing(_ a: UInt64, _ b: UInt64, _ borrow: inout Bool) -> UInt64 {
    let (d1, b1) = a.subtractingReportingOverflow(b)
    let (d2, b2) = d1.subtractingReportingOverflow(borrow ? 1 : 0)
    borrow = b1 || b2
    return d2
}

extension UInt256 {
    @inlinable
    public func addingReportingOverflow(_ rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var carry = false
        let r0 = addCarrying(w0, rhs.w0, &carry)
        let r1 = addCarrying(w1, rhs.w1, &carry)
        let r2 = addCarrying(w2, rhs.w2, &carry)
        let r3 = addCarrying(w3, rhs.w3, &carry)
        return (UInt256(w0: r0, w1: r1, w2: r2, w3: r3), carry)
    }

    @inlinable
    public func subtractingReportingOverflow(_ rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var borrow = false
        let r0 = subtractBorrowing(w0, rhs.w0, &borrow)
        let r1 = subtractBorrowing(w1, rhs.w1, &borrow)
        let r2 = subtractBorrowing(w2, rhs.w2, &borrow)
        let r3 = subtractBorrowing(w3, rhs.w3, &borrow)
        return (UInt256(w0: r0, w1: r1, w2: r2, w3: r3), borrow)
    }

    /// The full 512-bit product.
    @inlinable
    public func multipliedFullWidth(by rhs: UInt256) -> (high: UInt256, low: UInt256) {
        let a: InlineArray<4, UInt64> = [w0, w1, w2, w3]
        let b: InlineArray<4, UInt64> = [rhs.w0, rhs.w1, rhs.w2, rhs.w3]
        var r = InlineArray<8, UInt64>(repeating: 0)
        let bCount = 4 - (rhs.leadingZeroBitCount >> 6)
        for i in 0..<4 where a[i] != 0 {
            var carry: UInt64 = 0
            for j in 0..<bCount {
                let (hi, lo) = a[i].multipliedFullWidth(by: b[j])
                let (s1, c1) = lo.addingReportingOverflow(r[i + j])
                let (s2, c2) = s1.addingReportingOverflow(carry)
                r[i + j] = s2
                // hi <= 2^64 - 2, so adding two carries cannot wrap.
                carry = hi &+ (c1 ? 1 : 0) &+ (c2 ? 1 : 0)
            }
            r[i + bCount] = carry
        }
        return (UInt256(w0: r[4], w1: r[5], w2: r[6], w3: r[7]), UInt256(w0: r[0], w1: r[1], w2: r[2], w3: r[3]))
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
    @inlinable
    public static func &+ (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.addingReportingOverflow(rhs).partialValue }

    @inlinable
    public static func &- (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.subtractingReportingOverflow(rhs).partialValue }

    @inlinable
    public static func &* (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.multipliedFullWidth(by: rhs).low }

    // MARK: Shifts (amounts of 256 or more give zero, as the EVM's SHL/SHR do)

    @inlinable
    public static func << (lhs: UInt256, rhs: Int) -> UInt256 {
        if rhs <= 0 { return rhs == 0 ? lhs : lhs >> -rhs }
        if rhs >= 256 { return .zero }
        let limbs = rhs >> 6
        let bits = UInt64(rhs & 63)
        var r = InlineArray<4, UInt64>(repeating: 0)
        for i in stride(from: 3, through: limbs, by: -1) {
            let src = i - limbs
            var v = lhs.limb(src) << bits
            if bits != 0 && src > 0 { v |= lhs.limb(src - 1) >> (64 - bits) }
            r[i] = v
        }
        return UInt256(w0: r[0], w1: r[1], w2: r[2], w3: r[3])
    }

    @inlinable
    public static func >> (lhs: UInt256, rhs: Int) -> UInt256 {
        if rhs <= 0 { return rhs == 0 ? lhs : lhs << -rhs }
        if rhs >= 256 { return .zero }
        let limbs = rhs >> 6
        let bits = UInt64(rhs & 63)
        var r = InlineArray<4, UInt64>(repeating: 0)
        for i in 0..<(4 - limbs) {
            let src = i + limbs
            var v = lhs.limb(src) >> bits
            if bits != 0 { v |= lhs.limb(src + 1) << (64 - bits) }
            r[i] = v
        }
        return UInt256(w0: r[0], w1: r[1], w2: r[2], w3: r[3])
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
        (limb(index >> 6) >> UInt64(index & 63)) & 1 == 1
    }
}
