/// Multiplication then division with a 512-bit intermediate, so a·b may exceed 2^256 as long as
/// the quotient does not (v3-core `FullMath`).
public enum FullMath {
    /// floor(a·b / denominator). Throws when denominator is zero or the result exceeds 2^256 - 1.
    @inlinable @inline(__always)
    public static func mulDiv(_ a: UInt256, _ b: UInt256, _ denominator: UInt256) throws(DEXMathError) -> UInt256 {
        try quotientAndRemainder(a, b, denominator).quotient
    }

    /// ceil(a·b / denominator), with the same failure conditions plus a rounded-up result of 2^256.
    @inlinable @inline(__always)
    public static func mulDivRoundingUp(_ a: UInt256, _ b: UInt256, _ denominator: UInt256) throws(DEXMathError) -> UInt256 {
        let (q, r) = try quotientAndRemainder(a, b, denominator)
        if r.isZero { return q }
        if q == .max { throw .overflow }
        return q &+ .one
    }

    /// mulDiv(a, b, 2^96), or mulDivRoundingUp when `roundingUp`: the same results and the same
    /// overflow, written as what it is, a shift of the 512-bit product by 96 bits.
    @inlinable @inline(__always)
    static func mulDivQ96(_ a: UInt256, _ b: UInt256, roundingUp: Bool) throws(DEXMathError) -> UInt256 {
        let (high, low) = a.multipliedFullWidth(by: b)
        if !(high >> 96).isZero { throw .overflow }  // the quotient needs more than 256 bits
        let quotient = (low >> 96) | (high << 160)
        let remainderIsZero = (low.w0 | (low.w1 & 0xffff_ffff)) == 0  // the low 96 bits
        if !roundingUp || remainderIsZero { return quotient }
        if quotient == .max { throw .overflow }
        return quotient &+ .one
    }

    @inlinable @inline(__always)
    static func quotientAndRemainder(_ a: UInt256, _ b: UInt256, _ denominator: UInt256) throws(DEXMathError) -> (quotient: UInt256, remainder: UInt256) {
        if denominator.isZero { throw .divisionByZero }
        let product = a.multipliedFullWidth(by: b)
        // Fast path: a power-of-two denominator 2^k (Q96 in amount1Delta) is a shift. The
        // quotient fits 256 bits exactly when high < 2^k; the remainder is the low k bits.
        let mask = denominator &- .one
        if (denominator & mask).isZero {
            if product.high > mask { throw .overflow }
            let k = denominator.trailingZeroBitCount
            return ((product.low >> k) | (product.high << (256 - k)), product.low & mask)
        }
        return try UInt256.dividingFullWidth(product, by: denominator)
    }
}

/// Division without the checks the callers have already made (v3-core `UnsafeMath`).
public enum UnsafeMath {
    /// ceil(x / y). As on the EVM, y == 0 yields 0; every caller has proven y > 0.
    @inlinable @inline(__always)
    public static func divRoundingUp(_ x: UInt256, _ y: UInt256) -> UInt256 {
        guard let (q, r) = try? x.quotientAndRemainder(dividingBy: y) else { return .zero }
        return r.isZero ? q : q &+ .one
    }
}

/// Q64.96 fixed point: prices are stored as sqrt(price)·2^96.
public enum FixedPoint96 {
    @inlinable @inline(__always) public static var resolution: Int { 96 }
    /// 2^96 (computed, not stored, so that `mulDiv(x, y, q96)` can fold to a shift).
    @inlinable @inline(__always) public static var q96: UInt256 { UInt256(w0: 0, w1: 1 << 32, w2: 0, w3: 0) }
}
