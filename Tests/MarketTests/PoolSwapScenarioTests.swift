// End-to-end check of `ConcentratedPool.swap` against Uniswap v3-core's own pool swap scenarios.
//
// Source (public, facts and numbers only):
//   repository Uniswap/v3-core
//   test/UniswapV3Pool.swaps.spec.ts                        (commit cb66ac217c67b8f12b6ac9e48d2a00a144c07107)
//   test/__snapshots__/UniswapV3Pool.swaps.spec.ts.snap     (commit 8445f65e7d1b6714a92f287bfc8b0dcd4cc251e4)
//   test/shared/utilities.ts, contracts/test/TestUniswapV3Callee.sol (the helpers' constants)
//
// The spec builds 15 pools (TEST_POOLS: fee tier 500/3000/10000 with tick spacing 10/60/200, a
// starting price from `encodePriceSqrt`, positions minted with getMinTick/getMaxTick ranges) and
// runs 16 swaps on a fresh copy of each (DEFAULT_POOL_SWAP_TESTS: exact in/out of 1e18 and of
// 1000 wei, with and without a price limit, and swaps to a price with amountSpecified =
// type(int256).max). Its snapshot records, for each of the 240 runs, the pool's token balance
// changes, the tick after, a rounded price after — or the revert reason ("SPL").
//
// `Fixtures/generate_pool_swap_cases.py` rebuilds the set-ups from the spec (encodePriceSqrt
// reproduced exactly with Python's decimal, as bignumber.js computes it) and joins them with the
// snapshot numbers, copied out by hand into `Fixtures/v3core_swaps_snapshot_extract.txt`, into
// `Fixtures/v3core_pool_swap_cases.json`, which this file reads.
//
// Checked exactly: the mint amounts (the pool's balances before the swap), the tick before,
// amount0/amount1 (the snapshot's amount0Delta/amount1Delta are the pool's balance changes,
// which is our sign convention) and the tick after; the reverting cases must throw
// `.priceLimitOutOfRange`. The snapshot's price after is rounded to 5 significant digits, so
// it is compared only to that precision.

import DEXMath
import Foundation
import Market
import Testing

struct V3CoreSwapScenarios: Decodable, Sendable {
    struct Position: Decodable, Sendable {
        let tickLower: Int32
        let tickUpper: Int32
        let liquidity: String
    }

    struct Pool: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let fee: UInt32
        let tickSpacing: Int32
        let sqrtPriceX96: String
        let positions: [Position]
        let amount0Before: String
        let amount1Before: String
        let tickBefore: Int32

        var testDescription: String { name }
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let pool: String
        let swap: String
        let zeroForOne: Bool
        let amountSpecified: String
        let sqrtPriceLimitX96: String
        /// "SPL" when the contract reverts.
        let revert: String?
        let amount0: String?
        let amount1: String?
        let tickAfter: Int32?
        let poolPriceAfter: String?

        var testDescription: String { "\(pool): \(swap)" }
    }

    let pools: [Pool]
    let cases: [Case]

    static let shared: V3CoreSwapScenarios = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .appendingPathComponent("Fixtures/v3core_pool_swap_cases.json")
        do {
            return try JSONDecoder().decode(V3CoreSwapScenarios.self, from: Data(contentsOf: url))
        } catch {
            preconditionFailure("cannot load \(url.path): \(error)")
        }
    }()

    func pool(named name: String) -> Pool? { pools.first { $0.name == name } }
}

/// The pool of a spec TEST_POOLS entry: initialized at its starting price, its positions minted
/// in order. Returns the pool and the total minted amounts (the snapshot's amount0Before/amount1Before).
private func makeV3CorePool(_ spec: V3CoreSwapScenarios.Pool) throws -> (pool: ConcentratedPool, amount0: UInt256, amount1: UInt256) {
    var pool = try ConcentratedPool(fee: spec.fee, tickSpacing: spec.tickSpacing,
                                    initialSqrtPriceX96: try #require(UInt256(spec.sqrtPriceX96)))
    var total0 = UInt256.zero
    var total1 = UInt256.zero
    for position in spec.positions {
        let liquidity = try #require(UInt256(position.liquidity)?.exactUInt128)
        let (a0, a1) = try pool.mint(tickLower: position.tickLower, tickUpper: position.tickUpper, amount: liquidity)
        total0 = try total0 + a0
        total1 = try total1 + a1
    }
    return (pool, total0, total1)
}

/// (sqrtPriceX96 / 2^96)^2 as a Double: what format.ts's formatPrice rounds to 5 digits.
private func priceOf(sqrtPriceX96 p: UInt256) -> Double {
    let sqrt = Double(p.w3) * 0x1p192 + Double(p.w2) * 0x1p128 + Double(p.w1) * 0x1p64 + Double(p.w0)
    let ratio = sqrt / 0x1p96
    return ratio * ratio
}

/// True when `actual` rounds to `expected` written with 5 significant digits (half a unit in
/// the last digit, plus a hair for the Double arithmetic).
private func matchesFiveDigits(_ actual: Double, _ expected: Double) -> Bool {
    guard expected != 0 else { return actual == 0 }
    let unit = pow(10, floor(log10(abs(expected))) - 4)
    return abs(actual - expected) <= unit * 0.5 + abs(expected) * 1e-12
}

@Suite("Uniswap v3-core pool swap scenarios (UniswapV3Pool.swaps.spec.ts)")
struct PoolSwapScenarioTests {
    static let scenarios = V3CoreSwapScenarios.shared

    @Test("the fixture holds every pool × swap of the snapshot")
    func fixtureIsComplete() {
        #expect(Self.scenarios.pools.count == 15)
        #expect(Self.scenarios.cases.count == 15 * 16)
        #expect(Self.scenarios.cases.filter { $0.revert != nil }.count == 50)
    }

    @Test("pool set-up: mint amounts and starting tick match the snapshot", arguments: scenarios.pools)
    func poolSetUp(_ spec: V3CoreSwapScenarios.Pool) throws {
        let (pool, amount0, amount1) = try makeV3CorePool(spec)
        #expect(amount0.decimalString == spec.amount0Before, "amount0Before")
        #expect(amount1.decimalString == spec.amount1Before, "amount1Before")
        #expect(pool.tick == spec.tickBefore, "tickBefore")
    }

    @Test("swap matches the snapshot", arguments: scenarios.cases)
    func swap(_ scenario: V3CoreSwapScenarios.Case) throws {
        let spec = try #require(Self.scenarios.pool(named: scenario.pool))
        var pool = try makeV3CorePool(spec).pool
        let amount = try #require(Int256(scenario.amountSpecified))
        let limit = try #require(UInt256(scenario.sqrtPriceLimitX96))

        if let reason = scenario.revert {
            #expect(reason == "SPL")
            #expect(throws: DEXMathError.priceLimitOutOfRange) {
                try pool.swap(zeroForOne: scenario.zeroForOne, amountSpecified: amount, sqrtPriceLimitX96: limit)
            }
            return
        }

        let result = try pool.swap(zeroForOne: scenario.zeroForOne, amountSpecified: amount, sqrtPriceLimitX96: limit)
        #expect(result.amount0.description == scenario.amount0, "amount0Delta")
        #expect(result.amount1.description == scenario.amount1, "amount1Delta")
        #expect(result.tick == scenario.tickAfter, "tickAfter")
        let expectedPrice = try #require(scenario.poolPriceAfter.flatMap(Double.init))
        let price = priceOf(sqrtPriceX96: result.sqrtPriceX96)
        #expect(matchesFiveDigits(price, expectedPrice), "poolPriceAfter \(price) vs snapshot \(expectedPrice)")

        // The state left behind is a consistent pool (tick agrees with price, liquidity with the
        // ticks at or below it), and executing the swap leaves exactly that state.
        _ = try ConcentratedPool(fee: pool.fee, tickSpacing: pool.tickSpacing, sqrtPriceX96: result.sqrtPriceX96,
                                 tick: result.tick, liquidity: result.liquidity, ticks: pool.ticks)
        let executed = try pool.executeSwap(zeroForOne: scenario.zeroForOne, amountSpecified: amount, sqrtPriceLimitX96: limit)
        #expect(executed == result)
        #expect(pool.sqrtPriceX96 == result.sqrtPriceX96 && pool.tick == result.tick && pool.liquidity == result.liquidity)
    }
}
