import DEXMath
import Market
import Testing

@Suite struct ConstantProductPoolTests {
    static let e18 = UInt256(1_000_000_000_000_000_000)

    @Test func exactInputAndOutputFollowTheV2Formulas() throws {
        let pool = try ConstantProductPool(fee: 3000, reserve0: try 5 * Self.e18, reserve1: try 10 * Self.e18)
        let sell = try pool.swap(zeroForOne: true, amountSpecified: Int256(exactly: Self.e18)!)
        // 1e18·997·10e18 / (5e18·1000 + 1e18·997), as UniswapV2Library.getAmountOut computes it.
        #expect(sell.amount1 == Int256("-1662497915624478906")!)
        #expect(sell.amount0 == Int256(exactly: Self.e18)!)
        #expect(sell.reserve0 == (try 6 * Self.e18))
        #expect(sell.reserve1 == (try 10 * Self.e18 - UInt256("1662497915624478906")!))

        let buy = try pool.swap(zeroForOne: false, amountSpecified: Int256("-1000000000000000000")!)
        let expectedIn = try ConstantProductMath.amountIn(amountOut: Self.e18, reserveIn: try 10 * Self.e18, reserveOut: try 5 * Self.e18, feePips: 3000)
        #expect(buy.amount0 == Int256("-1000000000000000000")!)
        #expect(buy.amount1 == Int256(exactly: expectedIn)!)
    }

    @Test func refusesWhatThePairWouldRevert() throws {
        let pool = try ConstantProductPool(fee: 3000, reserve0: 1000, reserve1: 1000)
        #expect(throws: DEXMathError.insufficientLiquidity) { try pool.swap(zeroForOne: true, amountSpecified: Int256(-1000)) }
        #expect(throws: DEXMathError.amountSpecifiedZero) { try pool.swap(zeroForOne: true, amountSpecified: .zero) }
        // One wei in buys nothing: the pair reverts with INSUFFICIENT_OUTPUT_AMOUNT.
        #expect(throws: DEXMathError.insufficientAmount) { try pool.swap(zeroForOne: true, amountSpecified: .one) }
        // Reserves are uint112.
        #expect(throws: DEXMathError.overflow) { try pool.swap(zeroForOne: true, amountSpecified: Int256(exactly: ConstantProductPool.maxReserve)!) }
        #expect(throws: DEXMathError.overflow) { try ConstantProductPool(fee: 3000, reserve0: UInt256.one << 112, reserve1: 1) }
        let empty = try ConstantProductPool(fee: 3000, reserve0: 0, reserve1: 0)
        #expect(throws: DEXMathError.insufficientLiquidity) { try empty.swap(zeroForOne: true, amountSpecified: Int256(100)) }
    }

    @Test func syncReplacesTheReserves() throws {
        var pool = try ConstantProductPool(fee: 2500, reserve0: 1, reserve1: 2)
        try pool.sync(reserve0: 300, reserve1: 400)
        #expect(pool.reserve0 == 300 && pool.reserve1 == 400)
        #expect(throws: DEXMathError.overflow) { try pool.sync(reserve0: UInt256.one << 112, reserve1: 1) }
        #expect(pool.reserve0 == 300)
    }
}
