/// The outcome of one swap step inside a single range of constant liquidity.
@frozen
public struct SwapStep: Sendable, Equatable {
    public var sqrtPriceNextX96: UInt256
    public var amountIn: UInt256
    public var amountOut: UInt256
    public var feeAmount: UInt256

    @inlinable
    public init(sqrtPriceNextX96: UInt256, amountIn: UInt256, amountOut: UInt256, feeAmount: UInt256) {
        self.sqrtPriceNextX96 = sqrtPriceNextX96
        self.amountIn = amountIn
        self.amountOut = amountOut
        self.feeAmount = feeAmount
    }
}

/// One step of a swap: how far the price moves toward a target given the amount remaining
/// (v3-core `SwapMath.computeSwapStep`).
public enum SwapMath {
    /// The fee denominator: fees are in hundredths of a basis point.
    @inlinable @inline(__always) public static var feeDenominator: UInt64 { 1_000_000 }

    /// `amountRemaining` > 0 is exact input (fee included), < 0 exact output. The direction
    /// follows from the prices: current ≥ target means token0 in (zeroForOne).
    @inlinable
    public static func computeSwapStep(
        sqrtPriceCurrentX96 current: UInt256,
        sqrtPriceTargetX96 target: UInt256,
        liquidity: UInt128,
        amountRemaining: Int256,
        feePips: UInt32
    ) throws(DEXMathError) -> SwapStep {
        if UInt64(feePips) >= feeDenominator { throw .invalidFee }
        let zeroForOne = current >= target
        let exactIn = !amountRemaining.isNegative
        let fee = UInt256(UInt64(feePips))
        let oneMinusFee = UInt256(feeDenominator - UInt64(feePips))
        let denominator = UInt256(feeDenominator)

        var next: UInt256
        var amountIn = UInt256.zero
        var amountOut = UInt256.zero
        let remaining = amountRemaining.magnitude
        if exactIn {
            let remainingLessFee = try FullMath.mulDiv(remaining, oneMinusFee, denominator)
            amountIn = zeroForOne
                ? try SqrtPriceMath.amount0Delta(target, current, liquidity: liquidity, roundUp: true)
                : try SqrtPriceMath.amount1Delta(current, target, liquidity: liquidity, roundUp: true)
            next = remainingLessFee >= amountIn
                ? target
                : try SqrtPriceMath.nextSqrtPriceFromInput(sqrtPriceX96: current, liquidity: liquidity, amountIn: remainingLessFee, zeroForOne: zeroForOne)
        } else {
            amountOut = zeroForOne
                ? try SqrtPriceMath.amount1Delta(target, current, liquidity: liquidity, roundUp: false)
                : try SqrtPriceMath.amount0Delta(current, target, liquidity: liquidity, roundUp: false)
            next = remaining >= amountOut
                ? target
                : try SqrtPriceMath.nextSqrtPriceFromOutput(sqrtPriceX96: current, liquidity: liquidity, amountOut: remaining, zeroForOne: zeroForOne)
        }

        // Reaching the target reuses the amount computed for it; otherwise recompute to `next`.
        let reachedTarget = target == next
        if zeroForOne {
            if !(reachedTarget && exactIn) { amountIn = try SqrtPriceMath.amount0Delta(next, current, liquidity: liquidity, roundUp: true) }
            if !(reachedTarget && !exactIn) { amountOut = try SqrtPriceMath.amount1Delta(next, current, liquidity: liquidity, roundUp: false) }
        } else {
            if !(reachedTarget && exactIn) { amountIn = try SqrtPriceMath.amount1Delta(current, next, liquidity: liquidity, roundUp: true) }
            if !(reachedTarget && !exactIn) { amountOut = try SqrtPriceMath.amount0Delta(current, next, liquidity: liquidity, roundUp: false) }
        }

        // Exact output never pays out more than was asked for.
        if !exactIn && amountOut > remaining { amountOut = remaining }

        // Stopping short of the target on exact input: whatever input is left over is fee.
        let feeAmount = exactIn && next != target
            ? remaining &- amountIn
            : try FullMath.mulDivRoundingUp(amountIn, fee, oneMinusFee)
        return SwapStep(sqrtPriceNextX96: next, amountIn: amountIn, amountOut: amountOut, feeAmount: feeAmount)
    }

    /// `computeSwapStep` for a step the caller knows stops short of its target: the amount
    /// remaining is less than what reaching the target costs (input with fee, or output).
    /// It skips pricing the whole step, which `computeSwapStep` does only to decide that. Nil
    /// when rounding lands the step on the target (where the fee rule differs) or the
    /// precondition does not hold; the caller then takes `computeSwapStep`.
    @inlinable
    public static func computeSwapStepShortOfTarget(
        sqrtPriceCurrentX96 current: UInt256,
        sqrtPriceTargetX96 target: UInt256,
        liquidity: UInt128,
        amountRemaining: Int256,
        feePips: UInt32
    ) throws(DEXMathError) -> SwapStep? {
        let zeroForOne = current >= target
        let remaining = amountRemaining.magnitude
        if !amountRemaining.isNegative {
            guard let (next, amountOut) = try exactInputStepShortOfTarget(sqrtPriceCurrentX96: current, sqrtPriceTargetX96: target,
                                                                        liquidity: liquidity, amountIn: remaining, feePips: feePips) else { return nil }
            let amountIn = zeroForOne
                ? try SqrtPriceMath.amount0Delta(next, current, liquidity: liquidity, roundUp: true)
                : try SqrtPriceMath.amount1Delta(current, next, liquidity: liquidity, roundUp: true)
            // Stopping short of the target on exact input: whatever input is left over is fee.
            return SwapStep(sqrtPriceNextX96: next, amountIn: amountIn, amountOut: amountOut, feeAmount: remaining &- amountIn)
        }
        if UInt64(feePips) >= feeDenominator { throw .invalidFee }
        let next = try SqrtPriceMath.nextSqrtPriceFromOutput(sqrtPriceX96: current, liquidity: liquidity, amountOut: remaining, zeroForOne: zeroForOne)
        guard zeroForOne ? next > target : next < target else { return nil }
        let amountIn = zeroForOne
            ? try SqrtPriceMath.amount0Delta(next, current, liquidity: liquidity, roundUp: true)
            : try SqrtPriceMath.amount1Delta(current, next, liquidity: liquidity, roundUp: true)
        let amountOut = zeroForOne
            ? try SqrtPriceMath.amount1Delta(next, current, liquidity: liquidity, roundUp: false)
            : try SqrtPriceMath.amount0Delta(current, next, liquidity: liquidity, roundUp: false)
        let feeAmount = try FullMath.mulDivRoundingUp(amountIn, UInt256(UInt64(feePips)), UInt256(feeDenominator - UInt64(feePips)))
        // Exact output never pays out more than was asked for.
        return SwapStep(sqrtPriceNextX96: next, amountIn: amountIn, amountOut: min(amountOut, remaining), feeAmount: feeAmount)
    }

    /// The price an exact-input step that stops short of its target ends at, and its output:
    /// `computeSwapStepShortOfTarget` for exact input without the input it spends, which is
    /// all of `amountIn` (what the price move does not take is fee).
    @inlinable
    public static func exactInputStepShortOfTarget(
        sqrtPriceCurrentX96 current: UInt256,
        sqrtPriceTargetX96 target: UInt256,
        liquidity: UInt128,
        amountIn remaining: UInt256,
        feePips: UInt32
    ) throws(DEXMathError) -> (sqrtPriceNextX96: UInt256, amountOut: UInt256)? {
        if UInt64(feePips) >= feeDenominator { throw .invalidFee }
        let zeroForOne = current >= target
        let lessFee = try FullMath.mulDiv(remaining, UInt256(feeDenominator - UInt64(feePips)), UInt256(feeDenominator))
        let next = try SqrtPriceMath.nextSqrtPriceFromInput(sqrtPriceX96: current, liquidity: liquidity, amountIn: lessFee, zeroForOne: zeroForOne)
        guard zeroForOne ? next > target : next < target else { return nil }
        let amountOut = zeroForOne
            ? try SqrtPriceMath.amount1Delta(next, current, liquidity: liquidity, roundUp: false)
            : try SqrtPriceMath.amount0Delta(current, next, liquidity: liquidity, roundUp: false)
        return (next, amountOut)
    }
}
