import DEXMath
import Market

/// A hop's amounts off its pool's ladder with the partial last step worked out in 64-bit-mantissa
/// arithmetic instead of the contract's 512-bit divisions: within about 10⁻¹⁸ of the exact
/// amounts, for about a third of the work.
///
/// The path searches and the split optimiser only rank paths and allocations, which
/// differences that small never reorder in a way that matters; the paths the full-amount
/// search keeps, and every route a quote returns, are then executed exactly.
enum StepEstimate {
    /// The fee denominator, 10⁶ = (10⁶·2⁴⁴)·2⁻⁴⁴ normalised (a literal: no lazy global in the loop).
    private static var million: RateBound { RateBound(mantissa: 1_000_000 << 44, exponent: -44) }

    /// Hop amounts for the swap ending in `step`; nil when the step would pay nothing.
    static func amounts(_ step: SwapLadder.PartialStep, zeroForOne: Bool, exactInput: Bool) -> HopSimulator.Amounts? {
        let price = RateBound(step.sqrtPriceX96, rounding: .down)
        let liquidity = RateBound(UInt256(step.liquidity), rounding: .down)
        let left = RateBound(step.left, rounding: .down)
        let kept = keptFraction(step.feePips)
        if exactInput {
            let out = output(in: left.multiplied(by: kept, rounding: .down), price: price, liquidity: liquidity, zeroForOne: zeroForOne).integerPart
            if out.isZero { return nil }
            return HopSimulator.Amounts(amountIn: step.paid &+ step.left, amountOut: step.received &+ out, ticksCrossed: step.ticksCrossed)
        }
        guard let input = input(for: left, price: price, liquidity: liquidity, zeroForOne: zeroForOne) else { return nil }
        let paid = input.divided(by: kept, rounding: .down).integerPart &+ .one
        return HopSimulator.Amounts(amountIn: step.paid &+ paid, amountOut: step.received &+ step.left, ticksCrossed: step.ticksCrossed)
    }

    /// (10⁶ − fee) / 10⁶, rounded down: what a swap keeps of its input after the fee. The
    /// standard tiers are worked out once instead of by a division at every estimated step.
    private static func keptFraction(_ feePips: UInt32) -> RateBound {
        switch feePips {
        case 100: kept100
        case 500: kept500
        case 3_000: kept3000
        case 10_000: kept10000
        default: computedKeptFraction(feePips)
        }
    }

    private static let kept100 = computedKeptFraction(100)
    private static let kept500 = computedKeptFraction(500)
    private static let kept3000 = computedKeptFraction(3_000)
    private static let kept10000 = computedKeptFraction(10_000)

    private static func computedKeptFraction(_ feePips: UInt32) -> RateBound {
        RateBound(UInt256(UInt64(1_000_000 &- feePips)), rounding: .down).divided(by: million, rounding: .down)
    }

    /// Output of `a` in (after fee) from price √P (Q96) at liquidity L, within the step:
    /// token0 in: L·a·√P² / (2⁹⁶·(L·2⁹⁶ + a·√P)); token1 in: a·L·2¹⁹² / (√P·(L·√P + a·2⁹⁶)).
    private static func output(in a: RateBound, price s: RateBound, liquidity l: RateBound, zeroForOne: Bool) -> RateBound {
        if zeroForOne {
            let denominator = l.scaled(byPowerOfTwo: 96).adding(a.multiplied(by: s, rounding: .down), rounding: .down)
            return l.multiplied(by: a, rounding: .down).multiplied(by: s, rounding: .down).multiplied(by: s, rounding: .down)
                .divided(by: denominator, rounding: .down).scaled(byPowerOfTwo: -96)
        }
        let denominator = s.multiplied(by: l.multiplied(by: s, rounding: .down).adding(a.scaled(byPowerOfTwo: 96), rounding: .down), rounding: .down)
        return a.multiplied(by: l, rounding: .down).divided(by: denominator, rounding: .down).scaled(byPowerOfTwo: 192)
    }

    /// Input (after fee) that pays `out` from price √P at liquidity L, the inverse of `output`:
    /// token1 out: out·L·2¹⁹² / (√P·(L·√P − out·2⁹⁶)); token0 out: out·√P²·L / (2⁹⁶·(L·2⁹⁶ − out·√P)).
    /// Nil when the step could not pay it.
    private static func input(for out: RateBound, price s: RateBound, liquidity l: RateBound, zeroForOne: Bool) -> RateBound? {
        if zeroForOne {
            let room = l.multiplied(by: s, rounding: .down).subtracting(out.scaled(byPowerOfTwo: 96), rounding: .down)
            if room.isZero { return nil }
            return out.multiplied(by: l, rounding: .down).divided(by: s.multiplied(by: room, rounding: .down), rounding: .down)
                .scaled(byPowerOfTwo: 192)
        }
        let room = l.scaled(byPowerOfTwo: 96).subtracting(out.multiplied(by: s, rounding: .down), rounding: .down)
        if room.isZero { return nil }
        return out.multiplied(by: s, rounding: .down).multiplied(by: s, rounding: .down).multiplied(by: l, rounding: .down)
            .divided(by: room, rounding: .down).scaled(byPowerOfTwo: -96)
    }
}
