/// Uniswap v2 constant-product pricing, x·y = k with the fee taken from the input
/// (v2-periphery `UniswapV2Library.getAmountOut/getAmountIn`), generalised from 997/1000 to any
/// fee in hundredths of a basis point. The same rounding: output floored, input floored plus one.
/// For fee 3000 every numerator and denominator is the 997/1000 one scaled by 1000, so the
/// results are identical.
public enum ConstantProductMath {
    /// out = in·(1e6−fee)·reserveOut / (reserveIn·1e6 + in·(1e6−fee))
    @inlinable
    public static func amountOut(amountIn: UInt256, reserveIn: UInt256, reserveOut: UInt256, feePips: UInt32) throws(DEXMathError) -> UInt256 {
        if amountIn.isZero { throw .insufficientAmount }
        if reserveIn.isZero || reserveOut.isZero { throw .insufficientLiquidity }
        if UInt64(feePips) >= SwapMath.feeDenominator { throw .invalidFee }
        let amountInWithFee = try amountIn * UInt256(SwapMath.feeDenominator - UInt64(feePips))
        let denominator = try reserveIn * UInt256(SwapMath.feeDenominator) + amountInWithFee
        return try FullMath.mulDiv(amountInWithFee, reserveOut, denominator)
    }

    /// in = reserveIn·out·1e6 / ((reserveOut − out)·(1e6−fee)) + 1
    @inlinable
    public static func amountIn(amountOut: UInt256, reserveIn: UInt256, reserveOut: UInt256, feePips: UInt32) throws(DEXMathError) -> UInt256 {
        if amountOut.isZero { throw .insufficientAmount }
        if reserveIn.isZero || reserveOut.isZero || amountOut >= reserveOut { throw .insufficientLiquidity }
        if UInt64(feePips) >= SwapMath.feeDenominator { throw .invalidFee }
        let numerator = try reserveIn * amountOut
        let denominator = try (reserveOut &- amountOut) * UInt256(SwapMath.feeDenominator - UInt64(feePips))
        return try FullMath.mulDiv(numerator, UInt256(SwapMath.feeDenominator), denominator) + .one
    }
}
