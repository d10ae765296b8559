import DEXMath

extension ConcentratedPool {
    /// `UniswapV3Pool.swap` without moving tokens: `amountSpecified` > 0 is exact input, < 0
    /// exact output; the price stops at `sqrtPriceLimitX96` if it gets there first. The pool is
    /// not changed — `apply(_:)` the result to commit it.
    ///
    /// Like the contract, an exact-output swap that runs out of liquidity or hits the limit
    /// returns the partial fill; callers that need the full amount compare it.
    public func swap(zeroForOne: Bool, amountSpecified: Int256, sqrtPriceLimitX96 limit: UInt256) throws(DEXMathError) -> PoolSwapResult {
        if amountSpecified.isZero { throw .amountSpecifiedZero }
        let limitValid = zeroForOne
            ? limit < sqrtPriceX96 && limit > TickMath.minSqrtRatio
            : limit > sqrtPriceX96 && limit < TickMath.maxSqrtRatio
        if !limitValid { throw .priceLimitOutOfRange }

        let exactInput = !amountSpecified.isNegative
        var remaining = amountSpecified
        var calculated = Int256.zero
        var cursor = SwapCursor(sqrtPriceX96: sqrtPriceX96, tick: tick, liquidity: liquidity)
        var fees = UInt256.zero

        while !remaining.isZero && cursor.sqrtPriceX96 != limit {
            guard let step = try advance(&cursor, zeroForOne: zeroForOne, amountRemaining: remaining, limit: limit) else { break }
            fees = try fees + step.feeAmount
            let paidIn = try int256(try step.amountIn + step.feeAmount)
            let paidOut = try int256(step.amountOut)
            if exactInput {
                remaining = remaining &- paidIn
                calculated = try calculated - paidOut
            } else {
                remaining = remaining &+ paidOut
                calculated = try calculated + paidIn
            }
        }

        let specifiedUsed = try amountSpecified - remaining
        let (amount0, amount1) = zeroForOne == exactInput ? (specifiedUsed, calculated) : (calculated, specifiedUsed)
        return PoolSwapResult(amount0: amount0, amount1: amount1, sqrtPriceX96: cursor.sqrtPriceX96, tick: cursor.tick,
                              liquidity: cursor.liquidity, ticksCrossed: cursor.ticksCrossed, feeAmount: fees)
    }

    /// One pass of the swap loop: a step from `cursor` toward the next boundary (the next
    /// initialized tick, or the edge of the bitmap word the walk is in), stopping at `limit`,
    /// and the boundary's tick crossed if the step reaches it. Nil when nothing is left to
    /// trade against on that side: the contract walks the empty bitmap words to the limit one
    /// by one, moving no tokens; the cursor lands where that walk ends instead.
    func advance(_ cursor: inout SwapCursor, zeroForOne: Bool, amountRemaining: Int256, limit: UInt256) throws(DEXMathError) -> SwapStep? {
        if cursor.liquidity == 0 && !hasInitializedTick(beyond: cursor.tick, zeroForOne: zeroForOne) {
            (cursor.sqrtPriceX96, cursor.tick) = (limit, try tickAfterEmptyWalk(to: limit, zeroForOne: zeroForOne))
            return nil
        }
        let start = cursor.sqrtPriceX96
        var (tickNext, tableIndex) = tickTable.nextTickWithinOneWord(cursor.tick, lte: zeroForOne)
        tickNext = min(max(tickNext, TickMath.minTick), TickMath.maxTick)
        // An initialized tick's price is cached in the table; a word boundary's is computed.
        let priceNext = if let tableIndex { tickTable.sqrtPricesX96[tableIndex] } else { try TickMath.sqrtPriceAtTick(tickNext) }
        let target = (zeroForOne ? priceNext < limit : priceNext > limit) ? limit : priceNext

        let step = try SwapMath.computeSwapStep(
            sqrtPriceCurrentX96: start, sqrtPriceTargetX96: target,
            liquidity: cursor.liquidity, amountRemaining: amountRemaining, feePips: fee)
        cursor.sqrtPriceX96 = step.sqrtPriceNextX96

        if cursor.sqrtPriceX96 == priceNext {
            // Reached the next tick: cross it if initialized, and step past it downward.
            if let tableIndex {
                let net = tickTable.ticks[tableIndex].liquidityNet
                // Negated going down; Solidity 0.7's unchecked negation wraps int128.min to itself.
                let delta = zeroForOne ? (net == .min ? net : -net) : net
                cursor.liquidity = try LiquidityMath.addDelta(cursor.liquidity, delta)
                cursor.ticksCrossed += 1
            }
            cursor.tick = zeroForOne ? tickNext - 1 : tickNext
        } else if cursor.sqrtPriceX96 != start {
            cursor.tick = try TickMath.tickAtSqrtPrice(cursor.sqrtPriceX96)
        }
        return step
    }

    /// Whether an initialized tick lies at or below `tick` (downward) or above it (upward).
    func hasInitializedTick(beyond tick: Int32, zeroForOne: Bool) -> Bool {
        zeroForOne ? (ticks.first.map { $0.index <= tick } ?? false) : (ticks.last.map { $0.index > tick } ?? false)
    }

    /// The tick the word-by-word walk over empty words ends on at `limit`: the limit's tick,
    /// except downward when the limit lies exactly on a word boundary, which the walk crosses
    /// (tick − 1) as it does any step that ends on its next tick.
    func tickAfterEmptyWalk(to limit: UInt256, zeroForOne: Bool) throws(DEXMathError) -> Int32 {
        let limitTick = try TickMath.tickAtSqrtPrice(limit)
        let onWordBoundary = limitTick % tickSpacing == 0 && (limitTick / tickSpacing) % 256 == 0
        guard zeroForOne && onWordBoundary else { return limitTick }
        return try TickMath.sqrtPriceAtTick(limitTick) == limit ? limitTick - 1 : limitTick
    }

    /// Applies `swap` to this pool and returns its result (the contract's state change).
    @discardableResult
    public mutating func executeSwap(zeroForOne: Bool, amountSpecified: Int256, sqrtPriceLimitX96: UInt256) throws(DEXMathError) -> PoolSwapResult {
        let result = try swap(zeroForOne: zeroForOne, amountSpecified: amountSpecified, sqrtPriceLimitX96: sqrtPriceLimitX96)
        apply(result)
        return result
    }
}

/// Where a swap stands between two passes of its loop.
struct SwapCursor: Sendable {
    var sqrtPriceX96: UInt256
    var tick: Int32
    var liquidity: UInt128
    var ticksCrossed = 0
}

/// SafeCast.toInt256.
@inline(__always)
func int256(_ value: UInt256) throws(DEXMathError) -> Int256 {
    guard let signed = Int256(exactly: value) else { throw .overflow }
    return signed
}
