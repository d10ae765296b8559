/// Signed liquidity changes applied to unsigned liquidity (v3-core `LiquidityMath`).
public enum LiquidityMath {
    /// x + y, throwing `.liquidityUnderflow` ('LS') below zero and `.liquidityOverflow` ('LA') past 2^128 - 1.
    @inlinable
    public static func addDelta(_ x: UInt128, _ y: Int128) throws(DEXMathError) -> UInt128 {
        if y < 0 {
            let (z, underflow) = x.subtractingReportingOverflow(y.magnitude)
            if underflow { throw .liquidityUnderflow }
            return z
        }
        let (z, overflow) = x.addingReportingOverflow(UInt128(y))
        if overflow { throw .liquidityOverflow }
        return z
    }
}
