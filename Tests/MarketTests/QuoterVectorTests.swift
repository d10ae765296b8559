// Uniswap v3-periphery's quoter test vectors, replayed on `ConcentratedPool.swap`.
//
// Source (public, facts and numbers only):
//   repository Uniswap/v3-periphery
//   test/Quoter.spec.ts, test/QuoterV2.spec.ts      (commit 878a58a461ae30680acd84d44499058826bf5f3e)
//   test/shared/quoter.ts                           (commit 7c987c2a5131193d36d51001b1b04be907b0ba06):
//       createPool, createPoolWithMultiplePositions, createPoolWithZeroTickInitialized
//   test/shared/completeFixture.ts                  (tokens sorted by address: tokens[0] < tokens[1] < tokens[2])
//   test/shared/encodePriceSqrt.ts                  (bignumber.js, DECIMAL_PLACES 40; see PoolSwapScenarioTests)
//   contracts/lens/Quoter.sol, contracts/lens/QuoterV2.sol, contracts/libraries/PoolTicksCounter.sol,
//   contracts/libraries/LiquidityAmounts.sol
//
// Set-up. Every pool is fee 3000 / tick spacing 60, initialized at encodePriceSqrt(1, 1) = 2^96
// (tick 0). Positions are minted through the NonfungiblePositionManager from *desired amounts*,
// so their liquidity is LiquidityAmounts.getLiquidityForAmounts at the (unchanged) starting price
// — reproduced below with FullMath:
//   createPool(a, b):                      full range [-887220, 887220] from (1_000_000, 1_000_000)
//   createPoolWithMultiplePositions(0, 2): full range (1e6, 1e6), [-60, 60] (100, 100), [-120, 120] (100, 100)
//   createPoolWithZeroTickInitialized(0, 2), called in a test *after* the beforeEach already built
//       pool (0, 2), so `createAndInitializePoolIfNecessary` leaves the price alone and the pool gains
//       a second full range (1e6, 1e6), [0, 60] (100, 100) and [-120, 0] (100, 100).
// Quoter.spec builds pools (0,1) and (1,2); QuoterV2.spec builds (0,1), (1,2) and the multi-position (0,2).
//
// Direction. A path hop tokenIn -> tokenOut is zeroForOne when tokenIn < tokenOut, i.e. when the
// input is the lower-indexed token. The quoters pass sqrtPriceLimitX96 = 0 for path quotes, which
// the quoter replaces with MIN_SQRT_RATIO + 1 / MAX_SQRT_RATIO - 1; exact output is
// amountSpecified = -amount. A multi-hop exact-input quote feeds each hop's output into the next
// pool; a multi-hop exact-output quote walks the path backwards, the amount in of the last hop
// being the amount out asked of the previous one. Each hop is a different pool, so hop-by-hop
// replay on our pools is exact.
//
// Compared exactly: amountOut / amountIn, sqrtPriceX96After (QuoterV2), and initializedTicksCrossed.
//
// About initializedTicksCrossed: QuoterV2 does not count the ticks the swap crosses; it calls
// PoolTicksCounter.countInitializedTicksCrossed(tickBefore, tickAfter), which counts the set bits of
// the tick bitmap between the two ticks' *compressed* positions (tick / tickSpacing, truncating
// toward zero, not flooring), both ends included, then drops tickAfter if it is initialized, a
// multiple of the spacing and the swap went down, and drops tickBefore if it is initialized, a
// multiple of the spacing and the swap went up. `quoterV2TicksCounted` below reproduces that from
// our tickBefore/tickAfter and our initialized ticks, and must equal the spec's numbers. Our own
// `PoolSwapResult.ticksCrossed` counts the initialized ticks whose liquidityNet the swap actually
// applied. On these vectors (all starting at tick 0) the two agree, so both are asserted. In
// general they need not: from a negative tick that is not a multiple of the spacing, truncation
// puts the compressed position one spacing too high, so the counter also counts an initialized
// tick the price is already below (e.g. tickBefore -61, spacing 60, tick -60 initialized, swapping
// down past -120 counts -60 too, which the swap never crosses). That is why the rule is reproduced
// here rather than equated with ticksCrossed.

import DEXMath
import Market
import Testing

// MARK: - Pools of test/shared/quoter.ts

private enum QuoterPools {
    static let fee: UInt32 = 3000
    static let spacing: Int32 = 60
    /// getMinTick(60), getMaxTick(60).
    static let fullRange: (Int32, Int32) = (-887_220, 887_220)
    static let q96 = UInt256.one << 96

    /// LiquidityAmounts.getLiquidityForAmounts(sqrtPriceX96, sqrtA, sqrtB, amount0, amount1).
    static func liquidityForAmounts(price: UInt256, lower: Int32, upper: Int32, amount0: UInt256, amount1: UInt256) throws -> UInt128 {
        let a = try TickMath.sqrtPriceAtTick(lower)
        let b = try TickMath.sqrtPriceAtTick(upper)
        func forAmount0(_ a: UInt256, _ b: UInt256) throws -> UInt256 {
            let intermediate = try FullMath.mulDiv(a, b, q96)
            return try FullMath.mulDiv(amount0, intermediate, try b - a)
        }
        func forAmount1(_ a: UInt256, _ b: UInt256) throws -> UInt256 {
            try FullMath.mulDiv(amount1, q96, try b - a)
        }
        let liquidity: UInt256
        if price <= a {
            liquidity = try forAmount0(a, b)
        } else if price < b {
            liquidity = min(try forAmount0(price, b), try forAmount1(a, price))
        } else {
            liquidity = try forAmount1(a, b)
        }
        return try #require(liquidity.exactUInt128)
    }

    /// NonfungiblePositionManager.mint with amount0Min = amount1Min = 0.
    static func mint(_ pool: inout ConcentratedPool, _ lower: Int32, _ upper: Int32, _ amount0: UInt64, _ amount1: UInt64) throws {
        let liquidity = try liquidityForAmounts(price: pool.sqrtPriceX96, lower: lower, upper: upper,
                                                amount0: UInt256(amount0), amount1: UInt256(amount1))
        try pool.mint(tickLower: lower, tickUpper: upper, amount: liquidity)
    }

    static func initialized() throws -> ConcentratedPool {
        // encodePriceSqrt(1, 1) = 2^96 exactly.
        try ConcentratedPool(fee: fee, tickSpacing: spacing, initialSqrtPriceX96: q96)
    }

    /// createPool: one full-range position from 1_000_000 of each token.
    static func simple() throws -> ConcentratedPool {
        var pool = try initialized()
        try mint(&pool, fullRange.0, fullRange.1, 1_000_000, 1_000_000)
        return pool
    }

    /// createPoolWithMultiplePositions.
    static func multiplePositions() throws -> ConcentratedPool {
        var pool = try simple()
        try mint(&pool, -60, 60, 100, 100)
        try mint(&pool, -120, 120, 100, 100)
        return pool
    }

    /// createPoolWithZeroTickInitialized run on top of the multi-position pool (see header).
    static func multiplePositionsAndZeroTick() throws -> ConcentratedPool {
        var pool = try multiplePositions()
        try mint(&pool, fullRange.0, fullRange.1, 1_000_000, 1_000_000)
        try mint(&pool, 0, 60, 100, 100)
        try mint(&pool, -120, 0, 100, 100)
        return pool
    }
}

/// PoolTicksCounter.countInitializedTicksCrossed (final v3-periphery version, the one whose
/// numbers QuoterV2.spec.ts asserts) over our initialized ticks.
private func quoterV2TicksCounted(pool: ConcentratedPool, tickBefore: Int32, tickAfter: Int32) -> Int {
    let spacing = pool.tickSpacing
    let initialized = Set(pool.ticks.map(\.index))
    // Solidity `int24 / int24` truncates toward zero, as Swift's `/` does.
    let compressedBefore = tickBefore / spacing
    let compressedAfter = tickAfter / spacing
    let low = min(compressedBefore, compressedAfter)
    let high = max(compressedBefore, compressedAfter)
    var count = pool.ticks.filter { $0.index / spacing >= low && $0.index / spacing <= high }.count
    if initialized.contains(compressedAfter * spacing), tickAfter % spacing == 0, tickBefore > tickAfter { count -= 1 }
    if initialized.contains(compressedBefore * spacing), tickBefore % spacing == 0, tickBefore < tickAfter { count -= 1 }
    return count
}

// MARK: - Vectors

/// Which pool of the spec a hop runs on. Pools (0,1) and (1,2) are alike (createPool); (0,2) is
/// the multi-position pool, optionally with the zero-tick positions added.
enum QuoterPool: String, Sendable {
    case p01 = "(0,1)", p12 = "(1,2)", p02 = "(0,2)", p02ZeroTick = "(0,2)+zero tick"

    fileprivate func build() throws -> ConcentratedPool {
        switch self {
        case .p01, .p12: try QuoterPools.simple()
        case .p02: try QuoterPools.multiplePositions()
        case .p02ZeroTick: try QuoterPools.multiplePositionsAndZeroTick()
        }
    }
}

struct QuoterHop: Sendable {
    let pool: QuoterPool
    let zeroForOne: Bool
    /// The spec's sqrtPriceX96After for this hop (QuoterV2 only).
    let sqrtPriceAfter: String?
    /// The spec's initializedTicksCrossed for this hop (QuoterV2 only).
    let ticksCrossed: Int?
}

struct QuoterVector: Sendable, CustomTestStringConvertible {
    let name: String
    let exactInput: Bool
    /// amountIn for exact input, amountOut for exact output.
    let amount: String
    /// Exact input: hops in swap order. Exact output: hops in path order as the spec lists them,
    /// i.e. the hop producing the final output first (QuoterV2's lists follow that order too).
    let hops: [QuoterHop]
    /// A price limit (single-pool quotes only); nil means the quoter's default.
    let limit: UInt256?
    /// amountOut (exact input) or amountIn (exact output).
    let expected: String

    var testDescription: String { name }
}

private let priceDown2Percent = UInt256("78447570448055484695608110440")! // encodePriceSqrt(100, 102)
private let priceUp2Percent = UInt256("80016521857016594389520272648")!   // encodePriceSqrt(102, 100)
private let maxUint128 = "340282366920938463463374607431768211455"

private func hop(_ pool: QuoterPool, _ zeroForOne: Bool, _ after: String? = nil, _ crossed: Int? = nil) -> QuoterHop {
    QuoterHop(pool: pool, zeroForOne: zeroForOne, sqrtPriceAfter: after, ticksCrossed: crossed)
}

private func vector(_ name: String, exactIn: Bool, _ amount: String, _ hops: [QuoterHop], limit: UInt256? = nil, expect expected: String) -> QuoterVector {
    QuoterVector(name: name, exactInput: exactIn, amount: amount, hops: hops, limit: limit, expected: expected)
}

/// test/Quoter.spec.ts (Quoter v1: the amount only). Pools (0,1) and (1,2) from createPool.
let quoterV1Vectors: [QuoterVector] = [
    vector("Quoter #quoteExactInput 0 -> 1", exactIn: true, "3", [hop(.p01, true)], expect: "1"),
    vector("Quoter #quoteExactInput 1 -> 0", exactIn: true, "3", [hop(.p01, false)], expect: "1"),
    vector("Quoter #quoteExactInput 0 -> 1 -> 2", exactIn: true, "5", [hop(.p01, true), hop(.p12, true)], expect: "1"),
    vector("Quoter #quoteExactInput 2 -> 1 -> 0", exactIn: true, "5", [hop(.p12, false), hop(.p01, false)], expect: "1"),
    vector("Quoter #quoteExactInputSingle 0 -> 1", exactIn: true, maxUint128, [hop(.p01, true)], limit: priceDown2Percent, expect: "9852"),
    vector("Quoter #quoteExactInputSingle 1 -> 0", exactIn: true, maxUint128, [hop(.p01, false)], limit: priceUp2Percent, expect: "9852"),
    vector("Quoter #quoteExactOutput 0 -> 1", exactIn: false, "1", [hop(.p01, true)], expect: "3"),
    vector("Quoter #quoteExactOutput 1 -> 0", exactIn: false, "1", [hop(.p01, false)], expect: "3"),
    // Path 2,1,0 reversed: the last hop (1 -> 2 on pool (1,2)) is quoted first.
    vector("Quoter #quoteExactOutput 0 -> 1 -> 2", exactIn: false, "1", [hop(.p12, true), hop(.p01, true)], expect: "5"),
    vector("Quoter #quoteExactOutput 2 -> 1 -> 0", exactIn: false, "1", [hop(.p01, false), hop(.p12, false)], expect: "5"),
    vector("Quoter #quoteExactOutputSingle 0 -> 1", exactIn: false, maxUint128, [hop(.p01, true)], limit: priceDown2Percent, expect: "9981"),
    vector("Quoter #quoteExactOutputSingle 1 -> 0", exactIn: false, maxUint128, [hop(.p01, false)], limit: priceUp2Percent, expect: "9981"),
]

/// test/QuoterV2.spec.ts: amount, sqrtPriceX96After and initializedTicksCrossed per hop.
let quoterV2Vectors: [QuoterVector] = [
    // #quoteExactInput
    vector("QuoterV2 #quoteExactInput 0 -> 2 cross 2 tick", exactIn: true, "10000",
           [hop(.p02, true, "78461846509168490764501028180", 2)], expect: "9871"),
    vector("QuoterV2 #quoteExactInput 0 -> 2 cross 2 tick where after is initialized", exactIn: true, "6200",
           [hop(.p02, true, "78757224507315167622282810783", 1)], expect: "6143"),
    vector("QuoterV2 #quoteExactInput 0 -> 2 cross 1 tick", exactIn: true, "4000",
           [hop(.p02, true, "78926452400586371254602774705", 1)], expect: "3971"),
    vector("QuoterV2 #quoteExactInput 0 -> 2 cross 0 tick, starting tick not initialized", exactIn: true, "10",
           [hop(.p02, true, "79227483487511329217250071027", 0)], expect: "8"),
    vector("QuoterV2 #quoteExactInput 0 -> 2 cross 0 tick, starting tick initialized", exactIn: true, "10",
           [hop(.p02ZeroTick, true, "79227817515327498931091950511", 1)], expect: "8"),
    vector("QuoterV2 #quoteExactInput 2 -> 0 cross 2", exactIn: true, "10000",
           [hop(.p02, false, "80001962924147897865541384515", 2)], expect: "9871"),
    vector("QuoterV2 #quoteExactInput 2 -> 0 cross 2 where tick after is initialized", exactIn: true, "6250",
           [hop(.p02, false, "79705728824507063507279123685", 2)], expect: "6190"),
    vector("QuoterV2 #quoteExactInput 2 -> 0 cross 0 tick, starting tick initialized", exactIn: true, "200",
           [hop(.p02ZeroTick, false, "79235729830182478001034429156", 0)], expect: "198"),
    vector("QuoterV2 #quoteExactInput 2 -> 0 cross 0 tick, starting tick not initialized", exactIn: true, "103",
           [hop(.p02, false, "79235858216754624215638319723", 0)], expect: "101"),
    vector("QuoterV2 #quoteExactInput 2 -> 1", exactIn: true, "10000",
           [hop(.p12, false, "80018067294531553039351583520", 0)], expect: "9871"),
    vector("QuoterV2 #quoteExactInput 0 -> 2 -> 1", exactIn: true, "10000",
           [hop(.p02, true, "78461846509168490764501028180", 2), hop(.p12, false, "80007846861567212939802016351", 0)],
           expect: "9745"),
    // #quoteExactInputSingle
    vector("QuoterV2 #quoteExactInputSingle 0 -> 2", exactIn: true, "10000",
           [hop(.p02, true, "78461846509168490764501028180", 2)], limit: priceDown2Percent, expect: "9871"),
    vector("QuoterV2 #quoteExactInputSingle 2 -> 0", exactIn: true, "10000",
           [hop(.p02, false, "80001962924147897865541384515", 2)], limit: priceUp2Percent, expect: "9871"),
    // #quoteExactOutput (path [out, in]: encodePath([tokens[2], tokens[0]]) is 0 -> 2)
    vector("QuoterV2 #quoteExactOutput 0 -> 2 cross 2 tick", exactIn: false, "15000",
           [hop(.p02, true, "78055527257643669242286029831", 2)], expect: "15273"),
    vector("QuoterV2 #quoteExactOutput 0 -> 2 cross 2 where tick after is initialized", exactIn: false, "6143",
           [hop(.p02, true, "78757225449310403327341205211", 1)], expect: "6200"),
    vector("QuoterV2 #quoteExactOutput 0 -> 2 cross 1 tick", exactIn: false, "4000",
           [hop(.p02, true, "78924219757724709840818372098", 1)], expect: "4029"),
    vector("QuoterV2 #quoteExactOutput 0 -> 2 cross 0 tick starting tick initialized", exactIn: false, "100",
           [hop(.p02ZeroTick, true, "79224329176051641448521403903", 1)], expect: "102"),
    vector("QuoterV2 #quoteExactOutput 0 -> 2 cross 0 tick starting tick not initialized", exactIn: false, "10",
           [hop(.p02, true, "79227408033628034983534698435", 0)], expect: "12"),
    vector("QuoterV2 #quoteExactOutput 2 -> 0 cross 2 ticks", exactIn: false, "15000",
           [hop(.p02, false, "80418414376567919517220409857", 2)], expect: "15273"),
    vector("QuoterV2 #quoteExactOutput 2 -> 0 cross 2 where tick after is initialized", exactIn: false, "6223",
           [hop(.p02, false, "79708304437530892332449657932", 2)], expect: "6283"),
    vector("QuoterV2 #quoteExactOutput 2 -> 0 cross 1 tick", exactIn: false, "6000",
           [hop(.p02, false, "79690640184021170956740081887", 1)], expect: "6055"),
    vector("QuoterV2 #quoteExactOutput 2 -> 1", exactIn: false, "9871",
           [hop(.p12, false, "80018020393569259756601362385", 0)], expect: "10000"),
    // Path [1, 2, 0]: first 2 -> 1 on pool (1,2) for 9745 out, then 0 -> 2 on pool (0,2) for that input.
    vector("QuoterV2 #quoteExactOutput 0 -> 2 -> 1", exactIn: false, "9745",
           [hop(.p12, false, "80007838904387594703933785072", 0), hop(.p02, true, "78461888503179331029803316753", 2)],
           expect: "10000"),
    // #quoteExactOutputSingle: MaxUint128 out, stopped by the ±2 % limit (a partial fill).
    vector("QuoterV2 #quoteExactOutputSingle 0 -> 1", exactIn: false, maxUint128,
           [hop(.p01, true, "78447570448055484695608110440", 0)], limit: priceDown2Percent, expect: "9981"),
    vector("QuoterV2 #quoteExactOutputSingle 1 -> 0", exactIn: false, maxUint128,
           [hop(.p01, false, "80016521857016594389520272648", 0)], limit: priceUp2Percent, expect: "9981"),
]

@Suite("Uniswap v3-periphery quoter vectors (Quoter.spec.ts, QuoterV2.spec.ts)")
struct QuoterVectorTests {
    @Test("encodePriceSqrt(100, 102) and (102, 100), bignumber.js with 40 decimal places")
    func limitPrices() {
        // sqrt(100/102) and sqrt(102/100), each step rounded half-up to 40 places, × 2^96, floored,
        // computed with Python's decimal (Fixtures/generate_pool_swap_cases.py, encode_price_sqrt).
        // Independently, QuoterV2.spec's two #quoteExactOutputSingle cases stop exactly at these
        // limits and report them as sqrtPriceX96After.
        #expect(priceDown2Percent.decimalString == "78447570448055484695608110440")
        #expect(priceUp2Percent.decimalString == "80016521857016594389520272648")
    }

    @Test("Quoter (v1)", arguments: quoterV1Vectors)
    func quoterV1(_ vector: QuoterVector) throws {
        try replay(vector)
    }

    @Test("QuoterV2", arguments: quoterV2Vectors)
    func quoterV2(_ vector: QuoterVector) throws {
        try replay(vector)
    }

    private func replay(_ vector: QuoterVector) throws {
        var amount = try #require(UInt256(vector.amount))
        for hop in vector.hops {
            let pool = try hop.pool.build()
            let limit = vector.limit ?? (hop.zeroForOne ? TickMath.minSqrtRatio &+ .one : TickMath.maxSqrtRatio &- .one)
            let specified = vector.exactInput ? try #require(Int256(exactly: amount)) : try -(try #require(Int256(exactly: amount)))
            let result = try pool.swap(zeroForOne: hop.zeroForOne, amountSpecified: specified, sqrtPriceLimitX96: limit)
            // The quoter's callback: amountToPay is the positive delta, amountReceived minus the negative one.
            let (paid, received) = hop.zeroForOne ? (result.amount0, result.amount1) : (result.amount1, result.amount0)
            #expect(!paid.isNegative && (received.isNegative || received.isZero))
            if vector.exactInput {
                amount = received.magnitude
            } else {
                if vector.limit == nil {
                    // QuoterV2/Quoter require the full output when no limit was given.
                    #expect(received.magnitude == amount, "full output")
                }
                amount = paid.magnitude
            }
            if let after = hop.sqrtPriceAfter {
                #expect(result.sqrtPriceX96.decimalString == after, "sqrtPriceX96After on \(hop.pool.rawValue)")
            }
            if let crossed = hop.ticksCrossed {
                let counted = quoterV2TicksCounted(pool: pool, tickBefore: pool.tick, tickAfter: result.tick)
                #expect(counted == crossed, "QuoterV2 initializedTicksCrossed (PoolTicksCounter rule) on \(hop.pool.rawValue), tick \(pool.tick) -> \(result.tick)")
                #expect(result.ticksCrossed == crossed, "our ticksCrossed on \(hop.pool.rawValue), tick \(pool.tick) -> \(result.tick)")
            }
        }
        #expect(amount.decimalString == vector.expected, vector.exactInput ? "amountOut" : "amountIn")
    }
}
