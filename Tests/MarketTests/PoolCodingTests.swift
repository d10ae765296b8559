import DEXMath
import Foundation
import Market
import Testing
import TestSupport

@Suite struct PoolCodingTests {
    @Test func concentratedPoolRoundTripsThroughTheSnapshotFormat() throws {
        var rng = SplitMix64(seed: 7)
        let pool = Pool.concentrated(try PoolFixtures.randomPool(&rng))
        let data = try JSONEncoder().encode(pool)
        let decoded = try JSONDecoder().decode(Pool.self, from: data)
        guard case .concentrated(let original) = pool, case .concentrated(let copy) = decoded else {
            Issue.record("kind changed in the round trip")
            return
        }
        // The snapshot carries liquidityNet only; everything a swap reads survives.
        #expect(copy.sqrtPriceX96 == original.sqrtPriceX96 && copy.tick == original.tick && copy.liquidity == original.liquidity)
        #expect(copy.ticks.map(\.index) == original.ticks.map(\.index))
        #expect(copy.ticks.map(\.liquidityNet) == original.ticks.map(\.liquidityNet))
        let json = try #require(String(data: data, encoding: .utf8))
        #expect(json.contains("\"kind\":\"concentrated\""))
        #expect(json.contains("\"sqrtPriceX96\":\"\(original.sqrtPriceX96)\""))
    }

    @Test func constantProductPoolDecodesFromTheSnapshotFormat() throws {
        let json = #"{"kind":"constantProduct","fee":3000,"reserve0":"1267650600228229401496703205376","reserve1":"5"}"#
        let pool = try JSONDecoder().decode(Pool.self, from: Data(json.utf8))
        #expect(pool == .constantProduct(try ConstantProductPool(fee: 3000, reserve0: UInt256.one << 100, reserve1: 5)))
    }

    @Test(arguments: [
        #"{"kind":"concentrated","fee":3000,"tickSpacing":60,"sqrtPriceX96":79228162514264337593543950336,"tick":0,"liquidity":"0","ticks":[]}"#,
        #"{"kind":"concentrated","fee":3000,"tickSpacing":60,"sqrtPriceX96":"79228162514264337593543950336","tick":0,"liquidity":"-1","ticks":[]}"#,
        #"{"kind":"concentrated","fee":3000,"tickSpacing":60,"sqrtPriceX96":"79228162514264337593543950336","tick":0,"liquidity":"340282366920938463463374607431768211456","ticks":[]}"#,
        #"{"kind":"concentrated","fee":3000,"tickSpacing":60,"sqrtPriceX96":"79228162514264337593543950336","tick":0,"liquidity":"1","ticks":[]}"#,
        #"{"kind":"weighted","fee":3000}"#,
        #"{"kind":"constantProduct","fee":3000,"reserve0":"1e18","reserve1":"5"}"#,
    ])
    func malformedPoolsAreRejected(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Pool.self, from: Data(json.utf8)) }
    }
}
