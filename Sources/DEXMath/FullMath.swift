/// Multiplication then division with a 512-bit intermediate, so a·b may exceed 2^256 as long as
/// the quotient does not (v3-core `FullMath`).
public enum FullMath {
    /// floor(a·b / denominator). Throws when denominator is zero or the result exceeds 2^256 - 1.
    @inlinable
    public static func mulDiv(_ a: UInt256, _ b: UInt256, _ denominator: UInt256) throws(DEXMathError) -> UInt256 {
        try quotientAndRemainder(a, b, denominator).quotient
    }

    /// ceil(a·b / denominator), with the same failure conditions plus a rounded-up result of 2^256.
    @inlinable
    public static func mulDivRoundingUp(_ a: UInt256, _ b: UInt256, _ denominator: UInt256) throws(DEXMathError) -> UInt256 {
        let (q, r) = try quotientAndRemainder(a, b, denominator)
        if r.isZero { return q }
        if q == .max { throw .overflow }
        return q &+ .one
    }

    @inlinable
    static func quotientAndRemainder(_ a: UInt256, _ b: UInt256, _ denominator: UInt256) throws(DEXMathError) -> (quotient: UInt256, remainder: UInt256) {
        if denominator.isZero { throw .divisionByZero }
        let product = a.multipliedFullWidth(by: b)
        return try UInt256.dividingFullWidth(product, by: denominator)
    }
}

/// Division without the checks the callers have already made (v3-core `UnsafeMath`).
public enum UnsafeMath {
    /// ceil(x / y). As on the EVM, y == 0 yields 0; every caller has proven y > 0.
    @inlinable
    public static func divRoundingUp(_ x: UInt256, _ y: UInt256) -> UInt256 {
        guard let (q, r) = try? x.quotientAndRemainder(dividingBy: y) else { return .zero }
        return r.isZero ? q : q &+ .one
    }
}

/// Q64.96 fixed point: prices are stored as sqrt(price)·2^96.
public enum FixedPoint96 {
    public static let resolution = 96
    public static let q96 = UInt256.one << 96
}
