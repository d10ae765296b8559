// ConstantProductMath: Uniswap v2 getAmountOut / getAmountIn, fee in hundredths of a basis point.
//
// Vectors: Uniswap/v2-core test/UniswapV2Pair.spec.ts (swapTestCases: the largest output the
// pair's K check accepts for a given input, i.e. getAmountOut; swap:token0/token1; feeTo:off),
// Uniswap/v2-periphery test/UniswapV2Router02.spec.ts (getAmountOut, getAmountIn, getAmountsOut,
// getAmountsIn) and test/UniswapV2Router01.spec.ts (swapExactTokensForTokens,
// swapTokensForExactTokens). The v2 fee is 0.3% = 3000 pips; expandTo18Decimals(n) = n·10^18.

import DEXMath
import TestSupport
import Testing

@Suite("ConstantProductMath")
struct ConstantProductMathTests {
    static let v2Fee: UInt32 = 3000

    /// UniswapV2Pair.spec.ts swapTestCases: [swapAmount, token0Amount, token1Amount] in whole
    /// tokens (×10^18), then the expected output in wei.
    @Test("v2-core getInputPrice cases", arguments: [
        (UInt64(1), UInt64(5), UInt64(10), "1662497915624478906"),
        (1, 10, 5, "453305446940074565"),
        (2, 5, 10, "2851015155847869602"),
        (2, 10, 5, "831248957812239453"),
        (1, 10, 10, "906610893880149131"),
        (1, 100, 100, "987158034397061298"),
        (1, 1000, 1000, "996006981039903216"),
    ])
    func pairSwapCases(swapAmount: UInt64, reserveIn: UInt64, reserveOut: UInt64, expected: String) throws {
        let out = try ConstantProductMath.amountOut(amountIn: e18(swapAmount), reserveIn: e18(reserveIn), reserveOut: e18(reserveOut), feePips: Self.v2Fee)
        #expect(out == u256(expected))
    }

    @Test("v2-core optimistic cases: the 0.3% fee on 1e18 and its inverse ceil(1e18 / 0.997)")
    func optimisticCases() throws {
        // given amountIn = 1e18, amountOut = floor(amountIn · .997)
        #expect(try FullMath.mulDiv(e18(1), 997, 1000) == u256("997000000000000000"))
        // given amountOut = 1e18, amountIn = ceiling(amountOut / .997)
        #expect(try FullMath.mulDivRoundingUp(e18(1), 1000, 997) == u256("1003009027081243732"))
    }

    @Test("v2-periphery getAmountOut(2, 100, 100) = 1 and getAmountIn(1, 100, 100) = 2")
    func routerLibraryCases() throws {
        #expect(try ConstantProductMath.amountOut(amountIn: 2, reserveIn: 100, reserveOut: 100, feePips: Self.v2Fee) == UInt256(1))
        #expect(try ConstantProductMath.amountIn(amountOut: 1, reserveIn: 100, reserveOut: 100, feePips: Self.v2Fee) == UInt256(2))
    }

    @Test("v2-periphery getAmountsOut(2, [t0, t1]) = [2, 1] and getAmountsIn(1, [t0, t1]) = [2, 1] on 10000/10000 reserves")
    func routerPathCases() throws {
        #expect(try ConstantProductMath.amountOut(amountIn: 2, reserveIn: 10000, reserveOut: 10000, feePips: Self.v2Fee) == UInt256(1))
        #expect(try ConstantProductMath.amountIn(amountOut: 1, reserveIn: 10000, reserveOut: 10000, feePips: Self.v2Fee) == UInt256(2))
    }

    @Test("v2-periphery swapExactTokensForTokens (1 in on 5/10) and swapTokensForExactTokens (1 out on 5/10)")
    func routerSwapCases() throws {
        #expect(try ConstantProductMath.amountOut(amountIn: e18(1), reserveIn: e18(5), reserveOut: e18(10), feePips: Self.v2Fee) == u256("1662497915624478906"))
        #expect(try ConstantProductMath.amountIn(amountOut: e18(1), reserveIn: e18(5), reserveOut: e18(10), feePips: Self.v2Fee) == u256("557227237267357629"))
    }

    @Test("INSUFFICIENT_INPUT_AMOUNT / INSUFFICIENT_OUTPUT_AMOUNT / INSUFFICIENT_LIQUIDITY")
    func routerReverts() {
        #expect(throws: DEXMathError.insufficientAmount) { try ConstantProductMath.amountOut(amountIn: 0, reserveIn: 100, reserveOut: 100, feePips: Self.v2Fee) }
        #expect(throws: DEXMathError.insufficientLiquidity) { try ConstantProductMath.amountOut(amountIn: 2, reserveIn: 0, reserveOut: 100, feePips: Self.v2Fee) }
        #expect(throws: DEXMathError.insufficientLiquidity) { try ConstantProductMath.amountOut(amountIn: 2, reserveIn: 100, reserveOut: 0, feePips: Self.v2Fee) }
        #expect(throws: DEXMathError.insufficientAmount) { try ConstantProductMath.amountIn(amountOut: 0, reserveIn: 100, reserveOut: 100, feePips: Self.v2Fee) }
        #expect(throws: DEXMathError.insufficientLiquidity) { try ConstantProductMath.amountIn(amountOut: 1, reserveIn: 0, reserveOut: 100, feePips: Self.v2Fee) }
        #expect(throws: DEXMathError.insufficientLiquidity) { try ConstantProductMath.amountIn(amountOut: 1, reserveIn: 100, reserveOut: 0, feePips: Self.v2Fee) }
    }

    // MARK: Beyond the spec

    @Test("asking for the whole reserve or more, or a fee of 100%, is refused")
    func otherRefusals() {
        #expect(throws: DEXMathError.insufficientLiquidity) { try ConstantProductMath.amountIn(amountOut: 100, reserveIn: 100, reserveOut: 100, feePips: Self.v2Fee) }
        #expect(throws: DEXMathError.insufficientLiquidity) { try ConstantProductMath.amountIn(amountOut: 101, reserveIn: 100, reserveOut: 100, feePips: Self.v2Fee) }
        #expect(throws: DEXMathError.invalidFee) { try ConstantProductMath.amountOut(amountIn: 1, reserveIn: 100, reserveOut: 100, feePips: 1_000_000) }
        #expect(throws: DEXMathError.invalidFee) { try ConstantProductMath.amountIn(amountOut: 1, reserveIn: 100, reserveOut: 100, feePips: 1_000_000) }
    }

    @Test("seeded: at 3000 pips the results equal v2's 997/1000 formulas")
    func matchesV2Formula() throws {
        var rng = SplitMix64(seed: 0x0002_0997)
        for _ in 0..<1000 {
            let reserveIn = rng.uint256(maxBits: 112) | 1   // v2 reserves are uint112
            let reserveOut = rng.uint256(maxBits: 112) | 2
            let amountIn = rng.uint256(maxBits: 112) | 1
            // getAmountOut: amountIn·997·reserveOut / (reserveIn·1000 + amountIn·997)
            let withFee = try amountIn * 997
            let expectedOut = try (withFee * reserveOut) / (reserveIn * 1000 + withFee)
            #expect(try ConstantProductMath.amountOut(amountIn: amountIn, reserveIn: reserveIn, reserveOut: reserveOut, feePips: 3000) == expectedOut)
            // getAmountIn: reserveIn·amountOut·1000 / ((reserveOut − amountOut)·997) + 1
            let amountOut = (try rng.uint256(maxBits: 112) % reserveOut)
            guard !amountOut.isZero else { continue }
            let expectedIn = try (reserveIn * amountOut * 1000) / ((reserveOut - amountOut) * 997) + 1
            #expect(try ConstantProductMath.amountIn(amountOut: amountOut, reserveIn: reserveIn, reserveOut: reserveOut, feePips: 3000) == expectedIn)
        }
    }

    @Test("seeded: paying amountIn(x) yields at least x, and one less wei of output is never dearer", arguments: [UInt32(0), 100, 500, 3000, 10000, 250_000])
    func inverseConsistency(fee: UInt32) throws {
        var rng = SplitMix64(seed: 0xC0_57A9 &+ UInt64(fee))
        for _ in 0..<600 {
            let reserveIn = rng.uint256(maxBits: 112) | 1   // v2 reserves are uint112
            let reserveOut = rng.uint256(maxBits: 112) | 2
            let x = (try rng.uint256(maxBits: 112) % (reserveOut &- .one)) &+ .one  // 1 ≤ x < reserveOut
            let cost = try ConstantProductMath.amountIn(amountOut: x, reserveIn: reserveIn, reserveOut: reserveOut, feePips: fee)
            #expect(try ConstantProductMath.amountOut(amountIn: cost, reserveIn: reserveIn, reserveOut: reserveOut, feePips: fee) >= x)
            if x > .one {
                #expect(try ConstantProductMath.amountIn(amountOut: x &- .one, reserveIn: reserveIn, reserveOut: reserveOut, feePips: fee) <= cost)
            }
            // Output never reaches the reserve, and a bigger input never buys less.
            let a = rng.uint256(maxBits: 200) | 1
            let out = try ConstantProductMath.amountOut(amountIn: a, reserveIn: reserveIn, reserveOut: reserveOut, feePips: fee)
            #expect(out < reserveOut)
            if let bigger = try? a + a {
                #expect(try ConstantProductMath.amountOut(amountIn: bigger, reserveIn: reserveIn, reserveOut: reserveOut, feePips: fee) >= out)
            }
        }
    }
}
