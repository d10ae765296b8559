// LiquidityAmounts: liquidity for token amounts and token amounts for liquidity.
//
// Vectors: Uniswap/v3-periphery test/LiquidityAmounts.spec.ts (final version: getLiquidityForAmounts
// inside / below / above / on each boundary, getAmountsForLiquidity the same five; plus the
// earlier revision's 'amounts for price below' case at encodePriceSqrt(99, 100) = 1938). The
// snapshot test/__snapshots__/LiquidityAmounts.spec.ts.snap holds gas only. Contract:
// Uniswap/v3-periphery contracts/libraries/LiquidityAmounts.sol, whose final release treats a
// price on the lower bound as below the range (`<=`), which the boundary vectors require.
// Prices (python3 decimal: r1/r0 and its square root each rounded half-up to 40 places, as
// bignumber.js with DECIMAL_PLACES 40, times 2^96, floored):
//   encodePriceSqrt(1, 1)     = 79228162514264337593543950336
//   encodePriceSqrt(100, 110) = 75541088972021052632782079082
//   encodePriceSqrt(110, 100) = 83095197869223157896060286990
//   encodePriceSqrt(99, 110)  = 75162434512514379355924140470
//   encodePriceSqrt(111, 100) = 83472048772503575395058907992
//   encodePriceSqrt(99, 100)  = 78831026366734652303669917531

import DEXMath
import TestSupport
import Testing

@Suite("LiquidityAmounts")
struct LiquidityAmountsTests {
    static let lower = u256("75541088972021052632782079082")   // encodePriceSqrt(100, 110)
    static let upper = u256("83095197869223157896060286990")   // encodePriceSqrt(110, 100)
    static let inside = FixedPoint96.q96                        // encodePriceSqrt(1, 1)
    static let below = u256("75162434512514379355924140470")   // encodePriceSqrt(99, 110)
    static let above = u256("83472048772503575395058907992")   // encodePriceSqrt(111, 100)
    static let ninetyNinePercent = u256("78831026366734652303669917531")  // encodePriceSqrt(99, 100)

    // MARK: getLiquidityForAmounts (amount0 = 100, amount1 = 200)

    static let liquidityCases: [(String, UInt256, UInt128)] = [
        ("amounts for price inside", inside, 2148),
        ("amounts for price below", below, 1048),
        ("amounts for price above", above, 2097),
        ("amounts for price equal to lower boundary", lower, 1048),
        ("amounts for price equal to upper boundary", upper, 2097),
        ("amounts for price below (earlier revision: encodePriceSqrt(99, 100), in fact inside)", ninetyNinePercent, 1938),
    ]

    @Test("getLiquidityForAmounts", arguments: liquidityCases)
    func liquidityForAmounts(name: String, price: UInt256, expected: UInt128) throws {
        let liquidity = try LiquidityAmounts.liquidityForAmounts(sqrtPriceX96: price, sqrtRatioAX96: Self.lower, sqrtRatioBX96: Self.upper, amount0: 100, amount1: 200)
        #expect(liquidity == expected, "\(name)")
        // The bounds may be given in either order.
        #expect(try LiquidityAmounts.liquidityForAmounts(sqrtPriceX96: price, sqrtRatioAX96: Self.upper, sqrtRatioBX96: Self.lower, amount0: 100, amount1: 200) == expected)
    }

    // MARK: getAmountsForLiquidity

    static let amountCases: [(String, UInt256, UInt128, UInt64, UInt64)] = [
        ("amounts for price inside", inside, 2148, 99, 99),
        ("amounts for price below", below, 1048, 99, 0),
        ("amounts for price above", above, 2097, 0, 199),
        ("amounts for price on lower boundary", lower, 1048, 99, 0),
        ("amounts for price on upper boundary", upper, 2097, 0, 199),
    ]

    @Test("getAmountsForLiquidity", arguments: amountCases)
    func amountsForLiquidity(name: String, price: UInt256, liquidity: UInt128, amount0: UInt64, amount1: UInt64) throws {
        let amounts = try LiquidityAmounts.amountsForLiquidity(sqrtPriceX96: price, sqrtRatioAX96: Self.lower, sqrtRatioBX96: Self.upper, liquidity: liquidity)
        #expect(amounts.amount0 == UInt256(amount0), "\(name)")
        #expect(amounts.amount1 == UInt256(amount1), "\(name)")
        let swapped = try LiquidityAmounts.amountsForLiquidity(sqrtPriceX96: price, sqrtRatioAX96: Self.upper, sqrtRatioBX96: Self.lower, liquidity: liquidity)
        #expect(swapped.amount0 == amounts.amount0 && swapped.amount1 == amounts.amount1)
    }

    // MARK: The single-sided functions behind them

    @Test("single-sided functions agree with the combined ones outside the range")
    func singleSided() throws {
        #expect(try LiquidityAmounts.liquidityForAmount0(Self.lower, Self.upper, amount0: 100) == 1048)
        #expect(try LiquidityAmounts.liquidityForAmount1(Self.lower, Self.upper, amount1: 200) == 2097)
        #expect(try LiquidityAmounts.liquidityForAmount0(Self.upper, Self.lower, amount0: 100) == 1048)
        #expect(try LiquidityAmounts.amount0ForLiquidity(Self.lower, Self.upper, liquidity: 1048) == UInt256(99))
        #expect(try LiquidityAmounts.amount1ForLiquidity(Self.upper, Self.lower, liquidity: 2097) == UInt256(199))
        #expect(try LiquidityAmounts.amount0ForLiquidity(Self.lower, Self.upper, liquidity: 0) == .zero)
        #expect(try LiquidityAmounts.amount1ForLiquidity(Self.lower, Self.lower, liquidity: .max) == .zero)
    }

    // MARK: Reverts

    @Test("an empty range divides by zero (FullMath requires denominator > 0)")
    func emptyRange() {
        #expect(throws: DEXMathError.divisionByZero) { try LiquidityAmounts.liquidityForAmount0(Self.lower, Self.lower, amount0: 1) }
        #expect(throws: DEXMathError.divisionByZero) { try LiquidityAmounts.liquidityForAmount1(Self.upper, Self.upper, amount1: 1) }
        #expect(throws: DEXMathError.divisionByZero) { try LiquidityAmounts.amount0ForLiquidity(.zero, Self.upper, liquidity: 1) }
    }

    @Test("liquidity past uint128 reverts (toUint128), even when the other side of an in-range deposit is small")
    func liquidityOverflow() {
        let huge = pow2(200)
        #expect(throws: DEXMathError.overflow) { try LiquidityAmounts.liquidityForAmount0(Self.lower, Self.upper, amount0: huge) }
        #expect(throws: DEXMathError.overflow) { try LiquidityAmounts.liquidityForAmount1(Self.lower, Self.upper, amount1: huge) }
        #expect(throws: DEXMathError.overflow) {
            try LiquidityAmounts.liquidityForAmounts(sqrtPriceX96: Self.inside, sqrtRatioAX96: Self.lower, sqrtRatioBX96: Self.upper, amount0: huge, amount1: 1)
        }
        #expect(throws: DEXMathError.overflow) {
            try LiquidityAmounts.liquidityForAmounts(sqrtPriceX96: Self.inside, sqrtRatioAX96: Self.lower, sqrtRatioBX96: Self.upper, amount0: 1, amount1: huge)
        }
    }

    @Test("the extreme range and uint128 liquidity stay exact")
    func extremes() throws {
        let a0 = try LiquidityAmounts.amount0ForLiquidity(TickMath.minSqrtRatio, TickMath.maxSqrtRatio, liquidity: .max)
        let a1 = try LiquidityAmounts.amount1ForLiquidity(TickMath.minSqrtRatio, TickMath.maxSqrtRatio, liquidity: .max)
        #expect(a0 == (try SqrtPriceMath.amount0Delta(TickMath.minSqrtRatio, TickMath.maxSqrtRatio, liquidity: UInt128.max, roundUp: false)))
        #expect(a1 == (try SqrtPriceMath.amount1Delta(TickMath.minSqrtRatio, TickMath.maxSqrtRatio, liquidity: UInt128.max, roundUp: false)))
    }

    // MARK: Properties

    @Test("seeded: the liquidity bought with (a0, a1) is worth at most (a0, a1), even charged as the pool charges a mint (rounded up)")
    func depositRoundTrip() throws {
        var rng = SplitMix64(seed: 0x11A_3D)
        var checked = 0
        for _ in 0..<2000 {
            let t1 = Int32.random(in: TickMath.minTick...TickMath.maxTick, using: &rng)
            let t2 = Int32.random(in: TickMath.minTick...TickMath.maxTick, using: &rng)
            guard t1 != t2 else { continue }
            let a = try TickMath.sqrtPriceAtTick(min(t1, t2))
            let b = try TickMath.sqrtPriceAtTick(max(t1, t2))
            let price = rng.sqrtPrice()
            let amount0 = rng.uint256(maxBits: 128)
            let amount1 = rng.uint256(maxBits: 128)
            guard let liquidity = try? LiquidityAmounts.liquidityForAmounts(sqrtPriceX96: price, sqrtRatioAX96: a, sqrtRatioBX96: b, amount0: amount0, amount1: amount1) else { continue }
            checked += 1

            let held = try LiquidityAmounts.amountsForLiquidity(sqrtPriceX96: price, sqrtRatioAX96: a, sqrtRatioBX96: b, liquidity: liquidity)
            #expect(held.amount0 <= amount0 && held.amount1 <= amount1)

            // What UniswapV3Pool._modifyPosition would charge for minting `liquidity` at `price`.
            let owed: (UInt256, UInt256)
            if price <= a {
                owed = (try SqrtPriceMath.amount0Delta(a, b, liquidity: liquidity, roundUp: true), .zero)
            } else if price < b {
                owed = (try SqrtPriceMath.amount0Delta(price, b, liquidity: liquidity, roundUp: true),
                        try SqrtPriceMath.amount1Delta(a, price, liquidity: liquidity, roundUp: true))
            } else {
                owed = (.zero, try SqrtPriceMath.amount1Delta(a, b, liquidity: liquidity, roundUp: true))
            }
            #expect(owed.0 <= amount0, "amount0 owed for L=\(liquidity) in [\(a), \(b)] at \(price)")
            #expect(owed.1 <= amount1, "amount1 owed for L=\(liquidity) in [\(a), \(b)] at \(price)")
        }
        #expect(checked > 1500)
    }

    @Test("seeded: amounts for liquidity are the rounded-down SqrtPriceMath deltas")
    func amountsMatchSqrtPriceMath() throws {
        var rng = SplitMix64(seed: 0xA3_0A7)
        for _ in 0..<1000 {
            let a = rng.sqrtPrice(), b = rng.sqrtPrice()
            let liquidity = rng.uint128()
            #expect(try LiquidityAmounts.amount0ForLiquidity(a, b, liquidity: liquidity) == (try SqrtPriceMath.amount0Delta(a, b, liquidity: liquidity, roundUp: false)))
            #expect(try LiquidityAmounts.amount1ForLiquidity(a, b, liquidity: liquidity) == (try SqrtPriceMath.amount1Delta(a, b, liquidity: liquidity, roundUp: false)))
        }
    }
}
