/// Liquidity ⇄ token amounts for a position between two prices (v3-periphery `LiquidityAmounts`;
/// the whitepaper's Δx = L·(1/√P − 1/√B) and Δy = L·(√P − √A) for a position, §6.3.1).
/// Positions are sized with it: how much liquidity a deposit buys, and what a position holds at
/// a given price. Every result is rounded down, like the periphery's: liquidity the amounts can
/// certainly pay for, amounts the position certainly holds.
///
/// The bounds may come in either order; they are sorted first, as the contract does.
public enum LiquidityAmounts {
    /// L = Δx · (√A·√B) / (√B − √A): the liquidity that `amount0` of token0 provides over [A, B]
    /// (from Δx = L·(√B − √A)/(√A·√B)). `getLiquidityForAmount0`.
    /// Throws `.divisionByZero` when A == B and `.overflow` when L exceeds uint128 (toUint128).
    @inlinable
    public static func liquidityForAmount0(_ sqrtRatioAX96: UInt256, _ sqrtRatioBX96: UInt256, amount0: UInt256) throws(DEXMathError) -> UInt128 {
        let (a, b) = sorted(sqrtRatioAX96, sqrtRatioBX96)
        // √A·√B in Q96 (the product of two Q96 numbers is Q192, so divide once by 2^96).
        let intermediate = try FullMath.mulDiv(a, b, FixedPoint96.q96)
        return try toUInt128(try FullMath.mulDiv(amount0, intermediate, b &- a))
    }

    /// L = Δy / (√B − √A): the liquidity that `amount1` of token1 provides over [A, B]
    /// (from Δy = L·(√B − √A)). `getLiquidityForAmount1`.
    @inlinable
    public static func liquidityForAmount1(_ sqrtRatioAX96: UInt256, _ sqrtRatioBX96: UInt256, amount1: UInt256) throws(DEXMathError) -> UInt128 {
        let (a, b) = sorted(sqrtRatioAX96, sqrtRatioBX96)
        return try toUInt128(try FullMath.mulDiv(amount1, FixedPoint96.q96, b &- a))
    }

    /// The most liquidity both amounts can pay for at the current price √P (`getLiquidityForAmounts`):
    /// - √P ≤ √A: the range is above the price and holds only token0, L = L0(A, B);
    /// - √A < √P < √B: both tokens, L = min(L0(P, B), L1(A, P)), the scarcer token decides;
    /// - √P ≥ √B: only token1, L = L1(A, B).
    /// A price exactly on the lower bound counts as "below" (as in the final periphery release),
    /// where the token1 side would span an empty interval.
    @inlinable
    public static func liquidityForAmounts(sqrtPriceX96: UInt256, sqrtRatioAX96: UInt256, sqrtRatioBX96: UInt256, amount0: UInt256, amount1: UInt256) throws(DEXMathError) -> UInt128 {
        let (a, b) = sorted(sqrtRatioAX96, sqrtRatioBX96)
        if sqrtPriceX96 <= a {
            return try liquidityForAmount0(a, b, amount0: amount0)
        }
        if sqrtPriceX96 < b {
            // Both sides are computed (and may throw) before taking the minimum, as on chain.
            let liquidity0 = try liquidityForAmount0(sqrtPriceX96, b, amount0: amount0)
            let liquidity1 = try liquidityForAmount1(a, sqrtPriceX96, amount1: amount1)
            return Swift.min(liquidity0, liquidity1)
        }
        return try liquidityForAmount1(a, b, amount1: amount1)
    }

    /// Δx = L·2^96·(√B − √A) / √B / √A, rounded down: the token0 that L holds over [A, B]
    /// (`getAmount0ForLiquidity`). Throws `.divisionByZero` when √A is zero.
    @inlinable
    public static func amount0ForLiquidity(_ sqrtRatioAX96: UInt256, _ sqrtRatioBX96: UInt256, liquidity: UInt128) throws(DEXMathError) -> UInt256 {
        let (a, b) = sorted(sqrtRatioAX96, sqrtRatioBX96)
        return try FullMath.mulDiv(UInt256(liquidity) << FixedPoint96.resolution, b &- a, b) / a
    }

    /// Δy = L·(√B − √A) / 2^96, rounded down: the token1 that L holds over [A, B]
    /// (`getAmount1ForLiquidity`).
    @inlinable
    public static func amount1ForLiquidity(_ sqrtRatioAX96: UInt256, _ sqrtRatioBX96: UInt256, liquidity: UInt128) throws(DEXMathError) -> UInt256 {
        let (a, b) = sorted(sqrtRatioAX96, sqrtRatioBX96)
        return try FullMath.mulDiv(UInt256(liquidity), b &- a, FixedPoint96.q96)
    }

    /// What L holds at the current price √P (`getAmountsForLiquidity`), with the same three
    /// cases as `liquidityForAmounts`: all token0 at or below the range, all token1 at or above
    /// it, inside it token0 over [P, B] and token1 over [A, P].
    @inlinable
    public static func amountsForLiquidity(sqrtPriceX96: UInt256, sqrtRatioAX96: UInt256, sqrtRatioBX96: UInt256, liquidity: UInt128) throws(DEXMathError) -> (amount0: UInt256, amount1: UInt256) {
        let (a, b) = sorted(sqrtRatioAX96, sqrtRatioBX96)
        if sqrtPriceX96 <= a {
            return (try amount0ForLiquidity(a, b, liquidity: liquidity), .zero)
        }
        if sqrtPriceX96 < b {
            return (try amount0ForLiquidity(sqrtPriceX96, b, liquidity: liquidity),
                    try amount1ForLiquidity(a, sqrtPriceX96, liquidity: liquidity))
        }
        return (.zero, try amount1ForLiquidity(a, b, liquidity: liquidity))
    }

    @inlinable
    static func sorted(_ x: UInt256, _ y: UInt256) -> (UInt256, UInt256) {
        x > y ? (y, x) : (x, y)
    }

    /// The periphery's private `toUint128`, which reverts rather than truncating.
    @inlinable
    static func toUInt128(_ value: UInt256) throws(DEXMathError) -> UInt128 {
        guard let narrow = value.exactUInt128 else { throw .overflow }
        return narrow
    }
}
