import DEXMath
import Market
import Testing
import TestSupport

/// Properties every swap must have, checked on random pools with a fixed seed per case.
@Suite struct PoolSwapPropertyTests {
    static let seeds: [UInt64] = Array(1...40)

    /// Selling what you just bought never returns more than you paid: fees and every rounding
    /// direction favour the pool.
    @Test(arguments: seeds)
    func roundTripNeverProfits(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var pool = try PoolFixtures.randomPool(&rng)
        let zeroForOne = Bool.random(using: &rng)
        let amountIn = rng.uint256(maxBits: 90) | .one
        let there = try pool.executeSwap(zeroForOne: zeroForOne, amountSpecified: Int256(exactly: amountIn)!,
                                         sqrtPriceLimitX96: PoolFixtures.limit(zeroForOne: zeroForOne))
        let received = (zeroForOne ? there.amount1 : there.amount0).magnitude
        let paid = (zeroForOne ? there.amount0 : there.amount1).magnitude
        #expect(paid <= amountIn)
        guard !received.isZero else { return }
        let back = try pool.swap(zeroForOne: !zeroForOne, amountSpecified: Int256(exactly: received)!,
                                 sqrtPriceLimitX96: PoolFixtures.limit(zeroForOne: !zeroForOne))
        let returned = (zeroForOne ? back.amount0 : back.amount1).magnitude
        #expect(returned <= paid, "seed \(seed): paid \(paid), got back \(returned)")
    }

    /// The input an exact-output swap asks for, spent as exact input, buys at least that output.
    @Test(arguments: seeds)
    func exactOutputInputBuysTheOutput(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let pool = try PoolFixtures.randomPool(&rng)
        let zeroForOne = Bool.random(using: &rng)
        let limit = PoolFixtures.limit(zeroForOne: zeroForOne)
        let wanted = rng.uint256(maxBits: 80) | .one
        let exactOut = try pool.swap(zeroForOne: zeroForOne, amountSpecified: Int256.negative(magnitude: wanted)!, sqrtPriceLimitX96: limit)
        let delivered = (zeroForOne ? exactOut.amount1 : exactOut.amount0).magnitude
        let required = (zeroForOne ? exactOut.amount0 : exactOut.amount1).magnitude
        #expect(delivered <= wanted)
        guard delivered == wanted, !required.isZero else { return }  // partial fill: pool ran dry
        let exactIn = try pool.swap(zeroForOne: zeroForOne, amountSpecified: Int256(exactly: required)!, sqrtPriceLimitX96: limit)
        let bought = (zeroForOne ? exactIn.amount1 : exactIn.amount0).magnitude
        #expect(bought >= wanted, "seed \(seed): paid \(required) for \(wanted), exact input bought \(bought)")
    }

    /// More input never buys less output.
    @Test(arguments: seeds)
    func outputIsMonotoneInInput(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let pool = try PoolFixtures.randomPool(&rng)
        let zeroForOne = Bool.random(using: &rng)
        let limit = PoolFixtures.limit(zeroForOne: zeroForOne)
        var amounts = (0..<12).map { _ in rng.uint256(maxBits: 100) | .one }
        amounts.sort()
        var previous = UInt256.zero
        for amount in amounts {
            let result = try pool.swap(zeroForOne: zeroForOne, amountSpecified: Int256(exactly: amount)!, sqrtPriceLimitX96: limit)
            let out = (zeroForOne ? result.amount1 : result.amount0).magnitude
            #expect(out >= previous, "seed \(seed): \(amount) bought \(out) < \(previous)")
            previous = out
        }
    }

    /// Whatever the input — any int256 amount, any limit — a swap returns or throws a typed
    /// error; it never traps. When it returns, the result is coherent.
    @Test(arguments: seeds)
    func anyInputReturnsOrThrows(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let pool = try PoolFixtures.randomPool(&rng)
        let edgeAmounts: [Int256] = [.min, .max, .one, Int256(-1), .zero]
        for round in 0..<30 {
            let zeroForOne = Bool.random(using: &rng)
            let amount = round < edgeAmounts.count ? edgeAmounts[round] : Int256(bitPattern: rng.uint256())
            let limit: UInt256 = switch round % 4 {
            case 0: PoolFixtures.limit(zeroForOne: zeroForOne)
            case 1: rng.uint256(maxBits: 161)
            case 2: pool.sqrtPriceX96
            default: rng.uint256()
            }
            do {
                let r = try pool.swap(zeroForOne: zeroForOne, amountSpecified: amount, sqrtPriceLimitX96: limit)
                let (paid, received) = zeroForOne ? (r.amount0, r.amount1) : (r.amount1, r.amount0)
                #expect(!paid.isNegative && (received.isNegative || received.isZero))
                #expect(zeroForOne ? (r.sqrtPriceX96 <= pool.sqrtPriceX96 && r.sqrtPriceX96 >= limit)
                                   : (r.sqrtPriceX96 >= pool.sqrtPriceX96 && r.sqrtPriceX96 <= limit))
                if amount.isNegative { #expect(received.magnitude <= amount.magnitude) } else { #expect(paid <= amount) }
                #expect((try TickMath.tickAtSqrtPrice(r.sqrtPriceX96)) >= r.tick)
            } catch {
                #expect(DEXMathError.allCases.contains(error))
            }
        }
    }

    /// Splitting one exact-input swap into two consecutive ones never buys more than doing it at once
    /// (each piece rounds in the pool's favour).
    @Test(arguments: seeds)
    func splittingASwapNeverPaysMore(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let pool = try PoolFixtures.randomPool(&rng)
        let zeroForOne = Bool.random(using: &rng)
        let limit = PoolFixtures.limit(zeroForOne: zeroForOne)
        let total = rng.uint256(maxBits: 90) | UInt256(2)
        let first = (total >> 1)
        let whole = try pool.swap(zeroForOne: zeroForOne, amountSpecified: Int256(exactly: total)!, sqrtPriceLimitX96: limit)
        guard whole.sqrtPriceX96 != limit else { return }
        var split = pool
        let a = try split.executeSwap(zeroForOne: zeroForOne, amountSpecified: Int256(exactly: first)!, sqrtPriceLimitX96: limit)
        let b = try split.executeSwap(zeroForOne: zeroForOne, amountSpecified: Int256(exactly: total &- first)!, sqrtPriceLimitX96: limit)
        let outWhole = (zeroForOne ? whole.amount1 : whole.amount0).magnitude
        let outSplit = try (zeroForOne ? a.amount1 : a.amount0).magnitude + (zeroForOne ? b.amount1 : b.amount0).magnitude
        #expect(outSplit <= outWhole &+ .one, "seed \(seed)")
    }
}
