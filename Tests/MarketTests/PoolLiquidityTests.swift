import DEXMath
import Market
import Testing
import TestSupport

@Suite struct PoolLiquidityTests {
    static let priceOne = UInt256.one << 96

    /// A position above the price holds token0 only, one below it token1 only, one around it both.
    @Test func mintChargesTheTokensOfTheRangeRelativeToThePrice() throws {
        var pool = try ConcentratedPool(fee: 3000, tickSpacing: 60, initialSqrtPriceX96: Self.priceOne)
        let above = try pool.mint(tickLower: 60, tickUpper: 120, amount: 1_000_000)
        #expect(above.amount1.isZero && !above.amount0.isZero)
        let below = try pool.mint(tickLower: -120, tickUpper: -60, amount: 1_000_000)
        #expect(below.amount0.isZero && !below.amount1.isZero)
        let around = try pool.mint(tickLower: -60, tickUpper: 60, amount: 1_000_000)
        #expect(!around.amount0.isZero && !around.amount1.isZero)
        #expect(pool.liquidity == 1_000_000)
        // Symmetric range at price 1: both legs are 1e6·(1 − 1.0001^-30) rounded up = 2996.
        #expect(around.amount0 == 2996 && around.amount1 == 2996)
        #expect(pool.ticks.map(\.index) == [-120, -60, 60, 120])
        #expect(pool.tickTable.info(at: -60)?.liquidityNet == 0)
        #expect(pool.tickTable.info(at: -60)?.liquidityGross == 2_000_000)
    }

    /// Burning what was minted returns at most what was paid (rounding favours the pool) and
    /// leaves no trace in the ticks.
    @Test(arguments: Array(UInt64(1)...20))
    func burnUndoesMint(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var pool = try PoolFixtures.randomPool(&rng)
        let before = pool
        let spacing = pool.tickSpacing
        let lower = (pool.tick / spacing - Int32.random(in: -50...50, using: &rng)) * spacing
        let upper = lower + Int32.random(in: 1...100, using: &rng) * spacing
        let amount = UInt128(UInt64.random(in: 1...UInt64.max, using: &rng))
        let paid = try pool.mint(tickLower: lower, tickUpper: upper, amount: amount)
        let released = try pool.burn(tickLower: lower, tickUpper: upper, amount: amount)
        #expect(released.amount0 <= paid.amount0 && released.amount1 <= paid.amount1)
        #expect(paid.amount0 &- released.amount0 <= .one && paid.amount1 &- released.amount1 <= .one)
        #expect(pool == before)
    }

    @Test func invalidRangesAreRejectedAndLeaveThePoolUnchanged() throws {
        var pool = try ConcentratedPool(fee: 3000, tickSpacing: 60, initialSqrtPriceX96: Self.priceOne)
        try pool.mint(tickLower: -120, tickUpper: 120, amount: 5_000)
        let before = pool
        #expect(throws: DEXMathError.invalidTickRange) { try pool.mint(tickLower: 120, tickUpper: -120, amount: 1) }
        #expect(throws: DEXMathError.invalidTickRange) { try pool.mint(tickLower: 60, tickUpper: 60, amount: 1) }
        #expect(throws: DEXMathError.invalidTickRange) { try pool.mint(tickLower: -887280, tickUpper: 0, amount: 1) }
        #expect(throws: DEXMathError.tickNotOnSpacing) { try pool.mint(tickLower: -30, tickUpper: 60, amount: 1) }
        #expect(throws: DEXMathError.insufficientAmount) { try pool.mint(tickLower: -60, tickUpper: 60, amount: 0) }
        // Burning more than a tick holds fails after the lower tick was already touched: all or nothing.
        #expect(throws: DEXMathError.liquidityUnderflow) { try pool.burn(tickLower: -120, tickUpper: 180, amount: 5_000) }
        #expect(throws: DEXMathError.liquidityUnderflow) { try pool.burn(tickLower: -120, tickUpper: 120, amount: 5_001) }
        #expect(throws: DEXMathError.tickLiquidityExceeded) {
            try pool.mint(tickLower: -120, tickUpper: 120, amount: TickTable.maxLiquidityPerTick(tickSpacing: 60))
        }
        #expect(pool == before)
    }

    @Test func storedStateMustBeConsistent() throws {
        let ticks = [TickInfo(index: -60, liquidityNet: 100), TickInfo(index: 60, liquidityNet: -100)]
        let valid = try ConcentratedPool(fee: 500, tickSpacing: 10, sqrtPriceX96: Self.priceOne, tick: 0, liquidity: 100, ticks: ticks)
        #expect(valid.liquidity == 100)
        // Active liquidity must be the sum of liquidityNet at or below the tick.
        #expect(throws: DEXMathError.invalidPoolState) {
            try ConcentratedPool(fee: 500, tickSpacing: 10, sqrtPriceX96: Self.priceOne, tick: 0, liquidity: 99, ticks: ticks)
        }
        // The tick must be the price's (or one below it when the price sits exactly on a tick).
        #expect(throws: DEXMathError.invalidPoolState) {
            try ConcentratedPool(fee: 500, tickSpacing: 10, sqrtPriceX96: Self.priceOne, tick: 5, liquidity: 100, ticks: ticks)
        }
        let justBelow = try ConcentratedPool(fee: 500, tickSpacing: 10, sqrtPriceX96: Self.priceOne, tick: -1, liquidity: 100, ticks: ticks)
        #expect(justBelow.tick == -1)
        #expect(throws: DEXMathError.invalidFee) {
            try ConcentratedPool(fee: 1_000_000, tickSpacing: 10, sqrtPriceX96: Self.priceOne, tick: 0, liquidity: 100, ticks: ticks)
        }
        #expect(throws: DEXMathError.sqrtPriceOutOfRange) {
            try ConcentratedPool(fee: 500, tickSpacing: 10, sqrtPriceX96: .one, tick: 0, liquidity: 0, ticks: [])
        }
    }

    /// A Swap event's resulting state, applied as is, equals executing the swap.
    @Test func applyingASwapResultEqualsExecutingIt() throws {
        var rng = SplitMix64(seed: 99)
        var executed = try PoolFixtures.randomPool(&rng)
        var applied = executed
        let result = try executed.executeSwap(zeroForOne: true, amountSpecified: Int256(Int64(10).power(15)),
                                              sqrtPriceLimitX96: PoolFixtures.limit(zeroForOne: true))
        applied.apply(sqrtPriceX96: result.sqrtPriceX96, tick: result.tick, liquidity: result.liquidity)
        #expect(applied == executed)
        #expect(executed.sqrtPriceX96 == result.sqrtPriceX96)
    }
}

extension Int64 {
    func power(_ exponent: Int) -> Int64 { (0..<exponent).reduce(1) { acc, _ in acc * self } }
}
