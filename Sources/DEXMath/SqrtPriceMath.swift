/// Prices and token amounts over a range of constant liquidity (v3-core `SqrtPriceMath`,
/// whitepaper eq. 6.13–6.16). Every rounding direction favours the pool.
public enum SqrtPriceMath {
    /// The price after adding (or removing) `amount` of token0:
    /// √P' = L·√P / (L + Δx·√P), rounded up so the price never overshoots downward.
    @inlinable
    public static func nextSqrtPriceFromAmount0RoundingUp(sqrtPriceX96: UInt256, liquidity: UInt128, amount: UInt256, add: Bool) throws(DEXMathError) -> UInt256 {
        if amount.isZero { return sqrtPriceX96 }
        let numerator1 = UInt256(liquidity) << 96
        let (product, productOverflow) = amount.multipliedReportingOverflow(by: sqrtPriceX96)
        if add {
            if !productOverflow {
                let (denominator, overflow) = numerator1.addingReportingOverflow(product)
                if !overflow {
                    return try FullMath.mulDivRoundingUp(numerator1, sqrtPriceX96, denominator)
                }
            }
            // Overflow fallback: √P' = L / (L/√P + Δx), less precise but always computable.
            let (quotient, _) = try numerator1.quotientAndRemainder(dividingBy: sqrtPriceX96)
            return UnsafeMath.divRoundingUp(numerator1, try quotient + amount)
        }
        // Removing token0 needs L·2^96 > Δx·√P, or the price would go to infinity.
        if productOverflow || numerator1 <= product { throw .insufficientLiquidity }
        let result = try FullMath.mulDivRoundingUp(numerator1, sqrtPriceX96, numerator1 &- product)
        return try fitUInt160(result)
    }

    /// The price after adding (or removing) `amount` of token1: √P' = √P ± Δy / L, rounded down.
    @inlinable
    public static func nextSqrtPriceFromAmount1RoundingDown(sqrtPriceX96: UInt256, liquidity: UInt128, amount: UInt256, add: Bool) throws(DEXMathError) -> UInt256 {
        let l = UInt256(liquidity)
        let fitsUInt160 = amount.w3 == 0 && amount.w2 >> 32 == 0
        if add {
            let quotient = fitsUInt160
                ? try (amount << 96) / l
                : try FullMath.mulDiv(amount, FixedPoint96.q96, l)
            return try fitUInt160(try sqrtPriceX96 + quotient)
        }
        let quotient = fitsUInt160
            ? UnsafeMath.divRoundingUp(amount << 96, l)
            : try FullMath.mulDivRoundingUp(amount, FixedPoint96.q96, l)
        if sqrtPriceX96 <= quotient { throw .insufficientLiquidity }
        return sqrtPriceX96 &- quotient
    }

    /// The price after `amountIn` enters the pool, rounded so the pool never gives away more.
    @inlinable
    public static func nextSqrtPriceFromInput(sqrtPriceX96: UInt256, liquidity: UInt128, amountIn: UInt256, zeroForOne: Bool) throws(DEXMathError) -> UInt256 {
        if sqrtPriceX96.isZero { throw .zeroSqrtPrice }
        if liquidity == 0 { throw .zeroLiquidity }
        return zeroForOne
            ? try nextSqrtPriceFromAmount0RoundingUp(sqrtPriceX96: sqrtPriceX96, liquidity: liquidity, amount: amountIn, add: true)
            : try nextSqrtPriceFromAmount1RoundingDown(sqrtPriceX96: sqrtPriceX96, liquidity: liquidity, amount: amountIn, add: true)
    }

    /// The price after `amountOut` leaves the pool.
    @inlinable
    public static func nextSqrtPriceFromOutput(sqrtPriceX96: UInt256, liquidity: UInt128, amountOut: UInt256, zeroForOne: Bool) throws(DEXMathError) -> UInt256 {
        if sqrtPriceX96.isZero { throw .zeroSqrtPrice }
        if liquidity == 0 { throw .zeroLiquidity }
        return zeroForOne
            ? try nextSqrtPriceFromAmount1RoundingDown(sqrtPriceX96: sqrtPriceX96, liquidity: liquidity, amount: amountOut, add: false)
            : try nextSqrtPriceFromAmount0RoundingUp(sqrtPriceX96: sqrtPriceX96, liquidity: liquidity, amount: amountOut, add: false)
    }

    /// Δx = L·(√B − √A) / (√A·√B), the token0 between two prices.
    @inlinable
    public static func amount0Delta(_ sqrtRatioAX96: UInt256, _ sqrtRatioBX96: UInt256, liquidity: UInt128, roundUp: Bool) throws(DEXMathError) -> UInt256 {
        let (a, b) = sqrtRatioAX96 > sqrtRatioBX96 ? (sqrtRatioBX96, sqrtRatioAX96) : (sqrtRatioAX96, sqrtRatioBX96)
        if a.isZero { throw .zeroSqrtPrice }
        let numerator1 = UInt256(liquidity) << 96
        let numerator2 = b &- a
        // v3-core divides twice, ⌈⌈x/√B⌉/√A⌉ or ⌊⌊x/√B⌋/√A⌋ with x = L·2^96·(√B − √A). For
        // positive integers those equal ⌈x/(√A·√B)⌉ and ⌊x/(√A·√B)⌋, so when √A·√B fits 256
        // bits (always when both prices are below 2^128, i.e. ticks below about 443 636) one
        // division does. Neither form can overflow: x/√B < L·2^96 < 2^224.
        let (productHigh, product) = a.multipliedFullWidth(by: b)
        if productHigh.isZero {
            return roundUp
                ? try FullMath.mulDivRoundingUp(numerator1, numerator2, product)
                : try FullMath.mulDiv(numerator1, numerator2, product)
        }
        if roundUp {
            return UnsafeMath.divRoundingUp(try FullMath.mulDivRoundingUp(numerator1, numerator2, b), a)
        }
        return try FullMath.mulDiv(numerator1, numerator2, b) / a
    }

    /// Δy = L·(√B − √A), the token1 between two prices.
    @inlinable
    public static func amount1Delta(_ sqrtRatioAX96: UInt256, _ sqrtRatioBX96: UInt256, liquidity: UInt128, roundUp: Bool) throws(DEXMathError) -> UInt256 {
        let (a, b) = sqrtRatioAX96 > sqrtRatioBX96 ? (sqrtRatioBX96, sqrtRatioAX96) : (sqrtRatioAX96, sqrtRatioBX96)
        // mulDiv(L, Δ, Q96) / mulDivRoundingUp(L, Δ, Q96), as a shift.
        return try FullMath.mulDivQ96(UInt256(liquidity), b &- a, roundingUp: roundUp)
    }

    /// Signed token0 delta for a liquidity change: owed to the pool (rounded up) when adding,
    /// paid out (rounded down, negative) when removing.
    @inlinable
    public static func amount0Delta(_ sqrtRatioAX96: UInt256, _ sqrtRatioBX96: UInt256, liquidity: Int128) throws(DEXMathError) -> Int256 {
        let magnitude = try amount0Delta(sqrtRatioAX96, sqrtRatioBX96, liquidity: liquidity.magnitude, roundUp: liquidity >= 0)
        return try signed(magnitude, negative: liquidity < 0)
    }

    @inlinable
    public static func amount1Delta(_ sqrtRatioAX96: UInt256, _ sqrtRatioBX96: UInt256, liquidity: Int128) throws(DEXMathError) -> Int256 {
        let magnitude = try amount1Delta(sqrtRatioAX96, sqrtRatioBX96, liquidity: liquidity.magnitude, roundUp: liquidity >= 0)
        return try signed(magnitude, negative: liquidity < 0)
    }

    /// SafeCast.toInt256, then negation where asked.
    @inlinable
    static func signed(_ magnitude: UInt256, negative: Bool) throws(DEXMathError) -> Int256 {
        guard let value = Int256(exactly: magnitude) else { throw .overflow }
        return negative ? try -value : value
    }

    /// SafeCast.toUint160.
    @inlinable
    static func fitUInt160(_ value: UInt256) throws(DEXMathError) -> UInt256 {
        if value.w3 != 0 || value.w2 >> 32 != 0 { throw .overflow }
        return value
    }
}
