// SwapMath.computeSwapStep.
//
// Vectors: Uniswap/v3-core test/SwapMath.spec.ts and test/__snapshots__/SwapMath.spec.ts.snap
// (the snapshot holds gas only, so every expected value below is from the spec). Helper inputs
// written out as integers (python3 decimal, 40 places half-up as bignumber.js, times 2^96, floored):
//   encodePriceSqrt(1, 1)       = 79228162514264337593543950336
//   encodePriceSqrt(101, 100)   = 79623317895830914510639640423
//   encodePriceSqrt(1000, 100)  = 250541448375047931186413801569
//   encodePriceSqrt(10000, 100) = 792281625142643375935439503360
//   expandTo18Decimals(n)       = n·10^18
// Properties: the invariants of v3-core contracts/test/SwapMathEchidnaTest.sol, on seeded inputs.

import DEXMath
import TestSupport
import Testing

@Suite("SwapMath")
struct SwapMathTests {
    static let price1to1 = FixedPoint96.q96
    static let price101to100 = u256("79623317895830914510639640423")
    static let price1000to100 = u256("250541448375047931186413801569")
    static let price10000to100 = u256("792281625142643375935439503360")
    static let twoE18 = UInt128(2_000_000_000_000_000_000)
    static let oneE18 = u256("1000000000000000000")

    static func step(_ current: UInt256, _ target: UInt256, _ liquidity: UInt128, _ remaining: Int256, _ fee: UInt32) throws -> SwapStep {
        try SwapMath.computeSwapStep(sqrtPriceCurrentX96: current, sqrtPriceTargetX96: target, liquidity: liquidity, amountRemaining: remaining, feePips: fee)
    }

    // MARK: Published vectors

    @Test("exact amount in that gets capped at price target in one for zero")
    func exactInCappedAtTarget() throws {
        let s = try Self.step(Self.price1to1, Self.price101to100, Self.twoE18, i256("1000000000000000000"), 600)
        #expect(s.amountIn == u256("9975124224178055"))
        #expect(s.feeAmount == u256("5988667735148"))
        #expect(s.amountOut == u256("9925619580021728"))
        #expect(try s.amountIn + s.feeAmount < Self.oneE18)  // entire amount is not used
        let priceAfterWholeInput = try SqrtPriceMath.nextSqrtPriceFromInput(sqrtPriceX96: Self.price1to1, liquidity: Self.twoE18, amountIn: Self.oneE18, zeroForOne: false)
        #expect(s.sqrtPriceNextX96 == Self.price101to100)  // capped at the target
        #expect(s.sqrtPriceNextX96 < priceAfterWholeInput)
    }

    @Test("exact amount out that gets capped at price target in one for zero")
    func exactOutCappedAtTarget() throws {
        let s = try Self.step(Self.price1to1, Self.price101to100, Self.twoE18, i256("-1000000000000000000"), 600)
        #expect(s.amountIn == u256("9975124224178055"))
        #expect(s.feeAmount == u256("5988667735148"))
        #expect(s.amountOut == u256("9925619580021728"))
        #expect(s.amountOut < Self.oneE18)  // entire amount out is not returned
        let priceAfterWholeOutput = try SqrtPriceMath.nextSqrtPriceFromOutput(sqrtPriceX96: Self.price1to1, liquidity: Self.twoE18, amountOut: Self.oneE18, zeroForOne: false)
        #expect(s.sqrtPriceNextX96 == Self.price101to100)
        #expect(s.sqrtPriceNextX96 < priceAfterWholeOutput)
    }

    @Test("exact amount in that is fully spent in one for zero")
    func exactInFullySpent() throws {
        let s = try Self.step(Self.price1to1, Self.price1000to100, Self.twoE18, i256("1000000000000000000"), 600)
        #expect(s.amountIn == u256("999400000000000000"))
        #expect(s.feeAmount == u256("600000000000000"))
        #expect(s.amountOut == u256("666399946655997866"))
        #expect(try s.amountIn + s.feeAmount == Self.oneE18)  // entire amount is used
        let priceAfterInputLessFee = try SqrtPriceMath.nextSqrtPriceFromInput(sqrtPriceX96: Self.price1to1, liquidity: Self.twoE18, amountIn: try Self.oneE18 - s.feeAmount, zeroForOne: false)
        #expect(s.sqrtPriceNextX96 < Self.price1000to100)  // does not reach the target
        #expect(s.sqrtPriceNextX96 == priceAfterInputLessFee)
    }

    @Test("exact amount out that is fully received in one for zero")
    func exactOutFullyReceived() throws {
        let s = try Self.step(Self.price1to1, Self.price10000to100, Self.twoE18, i256("-1000000000000000000"), 600)
        #expect(s.amountIn == u256("2000000000000000000"))
        #expect(s.feeAmount == u256("1200720432259356"))
        #expect(s.amountOut == Self.oneE18)
        let priceAfterWholeOutput = try SqrtPriceMath.nextSqrtPriceFromOutput(sqrtPriceX96: Self.price1to1, liquidity: Self.twoE18, amountOut: Self.oneE18, zeroForOne: false)
        #expect(s.sqrtPriceNextX96 < Self.price10000to100)
        #expect(s.sqrtPriceNextX96 == priceAfterWholeOutput)
    }

    @Test("amount out is capped at the desired amount out")
    func amountOutCapped() throws {
        let s = try Self.step(
            u256("417332158212080721273783715441582"), u256("1452870262520218020823638996"),
            UInt128("159344665391607089467575320103")!, i256("-1"), 1)
        #expect(s.amountIn == UInt256(1))
        #expect(s.feeAmount == UInt256(1))
        #expect(s.amountOut == UInt256(1))  // would be 2 if not capped
        #expect(s.sqrtPriceNextX96 == u256("417332158212080721273783715441581"))
    }

    @Test("target price of 1 uses partial input amount")
    func targetPriceOfOne() throws {
        let remaining = u256("3915081100057732413702495386755767")
        let s = try Self.step(2, 1, 1, Int256(exactly: remaining)!, 1)
        #expect(s.amountIn == u256("39614081257132168796771975168"))
        #expect(s.feeAmount == u256("39614120871253040049813"))
        #expect(try s.amountIn + s.feeAmount <= remaining)
        #expect(s.amountOut == .zero)
        #expect(s.sqrtPriceNextX96 == .one)
    }

    @Test("entire input amount taken as fee")
    func entireInputTakenAsFee() throws {
        let s = try Self.step(2413, u256("79887613182836312"), UInt128("1985041575832132834610021537970")!, Int256(10), 1872)
        #expect(s.amountIn == .zero)
        #expect(s.feeAmount == UInt256(10))
        #expect(s.amountOut == .zero)
        #expect(s.sqrtPriceNextX96 == UInt256(2413))
    }

    /// sqrtP = 20282409603651670423947251286016; with liquidity 1024 the virtual reserves are
    /// 4 of token0 and 262144 of token1.
    static let sqrtP = u256("20282409603651670423947251286016")

    @Test("handles intermediate insufficient liquidity in zero for one exact output case")
    func insufficientLiquidityExactOutputUp() throws {
        let target = try Self.sqrtP * 11 / 10
        #expect(target == u256("22310650564016837466341976414617"))
        let s = try Self.step(Self.sqrtP, target, 1024, Int256(-4), 3000)
        #expect(s.amountOut == .zero)
        #expect(s.sqrtPriceNextX96 == target)
        #expect(s.amountIn == UInt256(26215))
        #expect(s.feeAmount == UInt256(79))
    }

    @Test("handles intermediate insufficient liquidity in one for zero exact output case")
    func insufficientLiquidityExactOutputDown() throws {
        let target = try Self.sqrtP * 9 / 10
        #expect(target == u256("18254168643286503381552526157414"))
        let s = try Self.step(Self.sqrtP, target, 1024, Int256(-263000), 3000)
        #expect(s.amountOut == UInt256(26214))
        #expect(s.sqrtPriceNextX96 == target)
        #expect(s.amountIn == UInt256(1))
        #expect(s.feeAmount == UInt256(1))
    }

    // MARK: Input validation (not in the spec: on chain the factory only ever enables fees below 1e6)

    @Test("a fee of 100% or more is refused")
    func invalidFee() {
        #expect(throws: DEXMathError.invalidFee) { try Self.step(Self.price1to1, Self.price101to100, Self.twoE18, Int256(1), 1_000_000) }
    }

    // MARK: Properties (SwapMathEchidnaTest.checkComputeSwapStepInvariants)

    static func randomPrice(_ rng: inout SplitMix64) -> UInt256 {
        // Mostly inside the tick range; sometimes any positive uint160, as the echidna test allows.
        if Int.random(in: 0..<4, using: &rng) == 0 {
            let p = rng.uint256(maxBits: 160)
            return p.isZero ? .one : p
        }
        return rng.sqrtPrice()
    }

    @Test("computeSwapStepShortOfTarget equals computeSwapStep on every step that stops short of its target")
    func shortOfTargetMatchesTheFullStep() throws {
        var rng = SplitMix64(seed: 0x5407_7A26)
        let fees: [UInt32] = [1, 100, 500, 3000, 10000, 999_999]
        var compared = 0
        for i in 0..<3000 {
            let current = Self.randomPrice(&rng)
            let target = Self.randomPrice(&rng)
            let liquidity = rng.uint128()
            let magnitude = rng.uint256(maxBits: Int.random(in: 1...200, using: &rng)) | .one
            let remaining = i % 2 == 0 ? Int256(bitPattern: magnitude) : Int256.negative(magnitude: magnitude)!
            let fee = fees[i % fees.count]
            guard let full = try? Self.step(current, target, liquidity, remaining, fee), full.sqrtPriceNextX96 != target else { continue }
            let short = try SwapMath.computeSwapStepShortOfTarget(sqrtPriceCurrentX96: current, sqrtPriceTargetX96: target, liquidity: liquidity,
                                                                  amountRemaining: remaining, feePips: fee)
            #expect(short == full, "step \(i)")
            compared += 1
        }
        #expect(compared > 500)
    }

    @Test("seeded computeSwapStep invariants: amounts bounded by the remaining amount, price between current and target")
    func swapStepInvariants() throws {
        var rng = SplitMix64(seed: 0x5A9_57E9)
        let fees: [UInt32] = [1, 100, 500, 3000, 10000, 999_999]
        var checked = 0
        var reachedTarget = 0
        for i in 0..<3000 {
            let current = Self.randomPrice(&rng)
            let target = i % 10 == 0 ? current : Self.randomPrice(&rng)
            let liquidity = rng.uint128()
            let magnitude = rng.uint256(maxBits: 255)
            let remaining = i % 2 == 0 ? Int256(bitPattern: magnitude) : Int256.negative(magnitude: magnitude)!
            let fee = i % 3 == 0 ? UInt32.random(in: 1..<1_000_000, using: &rng) : fees[i % fees.count]
            guard let s = try? Self.step(current, target, liquidity, remaining, fee) else { continue }
            checked += 1

            // amountIn + feeAmount never overflows.
            #expect(!s.amountIn.addingReportingOverflow(s.feeAmount).overflow)
            let spent = s.amountIn &+ s.feeAmount
            if remaining.isNegative {
                #expect(s.amountOut <= remaining.magnitude)
            } else {
                #expect(spent <= remaining.magnitude)
            }
            if current == target {
                #expect(s.amountIn.isZero && s.amountOut.isZero && s.feeAmount.isZero)
                #expect(s.sqrtPriceNextX96 == target)
            }
            // Stopping short of the target means the whole amount was consumed.
            if s.sqrtPriceNextX96 != target {
                if remaining.isNegative {
                    #expect(s.amountOut == remaining.magnitude)
                } else {
                    #expect(spent == remaining.magnitude)
                }
            } else {
                reachedTarget += 1
            }
            // The price moves toward the target and never past it.
            if target <= current {
                #expect(s.sqrtPriceNextX96 <= current && s.sqrtPriceNextX96 >= target)
            } else {
                #expect(s.sqrtPriceNextX96 >= current && s.sqrtPriceNextX96 <= target)
            }
        }
        #expect(checked > 2000)
        #expect(reachedTarget > 100 && reachedTarget < checked)
    }

    @Test("seeded exact-input steps are consistent with SqrtPriceMath: the input pays for the move, the output is covered by it")
    func swapStepAgainstSqrtPriceMath() throws {
        var rng = SplitMix64(seed: 0xC0FFEE)
        for i in 0..<1000 {
            let current = rng.sqrtPrice()
            let target = rng.sqrtPrice()
            let liquidity = rng.uint128(maxBits: 100) | 1
            let remaining = Int256(bitPattern: rng.uint256(maxBits: 120))
            let fee: UInt32 = [100, 500, 3000, 10000][i % 4]
            let s = try Self.step(current, target, liquidity, remaining, fee)
            let next = s.sqrtPriceNextX96
            if current >= target {
                #expect(s.amountIn == (try SqrtPriceMath.amount0Delta(next, current, liquidity: liquidity, roundUp: true)))
                #expect(s.amountOut == (try SqrtPriceMath.amount1Delta(next, current, liquidity: liquidity, roundUp: false)))
            } else {
                #expect(s.amountIn == (try SqrtPriceMath.amount1Delta(current, next, liquidity: liquidity, roundUp: true)))
                #expect(s.amountOut == (try SqrtPriceMath.amount0Delta(current, next, liquidity: liquidity, roundUp: false)))
            }
            // The fee is at least the pool's cut of the input (rounded up), never more than what is left.
            if next == target {
                #expect(s.feeAmount == (try FullMath.mulDivRoundingUp(s.amountIn, UInt256(UInt64(fee)), UInt256(1_000_000 - UInt64(fee)))))
            } else {
                #expect(s.feeAmount >= (try FullMath.mulDiv(s.amountIn, UInt256(UInt64(fee)), UInt256(1_000_000 - UInt64(fee)))))
            }
        }
    }
}
