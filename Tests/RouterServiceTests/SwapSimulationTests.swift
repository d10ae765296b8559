import DEXMath
import Foundation
import Market
import RouterService
import Testing

@Suite struct SwapSimulationTests {
    /// 1:1 price, 2e18 full-range liquidity, fee 0.30 %: the issue's example pool.
    static let pool = #"{"kind":"concentrated","fee":3000,"tickSpacing":60,"sqrtPriceX96":"79228162514264337593543950336","tick":0,"liquidity":"2000000000000000000","ticks":[{"index":-887220,"liquidityNet":"2000000000000000000"},{"index":887220,"liquidityNet":"-2000000000000000000"}]}"#

    static func document(_ swaps: String, pool: String = pool) -> Data {
        Data(#"{"pool": \#(pool), "swaps": [\#(swaps)]}"#.utf8)
    }

    static func results(_ data: Data) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["results"] as? [[String: Any]])
    }

    @Test func eachSwapRunsAgainstTheInitialStateAndRevertsFillTheirSlot() throws {
        let swap = #"{"zeroForOne": true, "amountSpecified": "1000000000000000000", "sqrtPriceLimitX96": "4295128740"}"#
        let output = try SwapSimulation.run(Self.document([swap, #"{"zeroForOne": true, "amountSpecified": "0", "sqrtPriceLimitX96": "4295128740"}"#, swap].joined(separator: ",")))
        let results = try Self.results(output)
        #expect(results.count == 3)
        // L·(1 − 1/(1 + 0.997)) with the contract's roundings; the same again in the third slot.
        #expect(results[0]["amount0"] as? String == "1000000000000000000")
        #expect(results[0]["amount1"] as? String == "-665331998665331998")
        #expect(results[0]["tick"] as? Int == -8090)
        #expect(results[0]["ticksCrossed"] as? Int == 0)
        #expect(results[0]["liquidity"] as? String == "2000000000000000000")
        #expect(results[2]["amount1"] as? String == "-665331998665331998")
        let error = try #require(results[1]["error"] as? [String: Any])
        #expect(error["code"] as? String == "AMOUNT_SPECIFIED_ZERO")
        #expect((error["message"] as? String)?.isEmpty == false)
    }

    @Test func matchesThePoolSwapExactly() throws {
        let decoded = try JSONDecoder().decode(Pool.self, from: Data(Self.pool.utf8))
        guard case .concentrated(let pool) = decoded else { Issue.record("not concentrated"); return }
        let expected = try pool.swap(zeroForOne: false, amountSpecified: Int256("-12345678901234567")!, sqrtPriceLimitX96: TickMath.maxSqrtRatio &- .one)
        let output = try SwapSimulation.run(Self.document(#"{"zeroForOne": false, "amountSpecified": "-12345678901234567", "sqrtPriceLimitX96": "1461446703485210103287273052203988822378723970341"}"#))
        let result = try #require(try Self.results(output).first)
        #expect(result["amount0"] as? String == expected.amount0.description)
        #expect(result["amount1"] as? String == expected.amount1.description)
        #expect(result["sqrtPriceX96"] as? String == expected.sqrtPriceX96.description)
        #expect(result["tick"] as? Int == Int(expected.tick))
    }

    /// amountSpecified takes the whole int256 range: int256.min is an exact output of 2^255.
    @Test func acceptsTheWholeInt256Range() throws {
        let swaps = [
            #"{"zeroForOne": true, "amountSpecified": "57896044618658097711785492504343953926634992332820282019728792003956564819967", "sqrtPriceLimitX96": "4295128740"}"#,
            #"{"zeroForOne": true, "amountSpecified": "-57896044618658097711785492504343953926634992332820282019728792003956564819968", "sqrtPriceLimitX96": "4295128740"}"#,
        ]
        let results = try Self.results(try SwapSimulation.run(Self.document(swaps.joined(separator: ","))))
        #expect(results.count == 2)
        for result in results {
            // Either the pool drains to the limit or the contract's checked math reverts; never a crash.
            #expect(result["amount0"] != nil || result["error"] != nil)
        }
    }

    @Test func constantProductPoolsSimulateWithoutAPriceLimit() throws {
        let pool = #"{"kind":"constantProduct","fee":3000,"reserve0":"5000000000000000000","reserve1":"10000000000000000000"}"#
        let results = try Self.results(try SwapSimulation.run(Self.document(#"{"zeroForOne": true, "amountSpecified": "1000000000000000000"}"#, pool: pool)))
        #expect(results.first?["amount1"] as? String == "-1662497915624478906")
        #expect(results.first?["reserve0"] as? String == "6000000000000000000")
    }

    @Test(arguments: [
        ("{", "input: not valid JSON"),
        (#"{"swaps": []}"#, "pool: missing"),
        (#"{"pool": \#(pool), "swaps": [{"zeroForOne": true, "amountSpecified": 5, "sqrtPriceLimitX96": "1"}]}"#, "swaps[0].amountSpecified: expected a string"),
        (#"{"pool": \#(pool), "swaps": [{"zeroForOne": true, "amountSpecified": "1e18", "sqrtPriceLimitX96": "1"}]}"#, "swaps[0].amountSpecified:"),
        (#"{"pool": \#(pool), "swaps": [{"zeroForOne": "yes", "amountSpecified": "1", "sqrtPriceLimitX96": "1"}]}"#, "swaps[0].zeroForOne: expected a boolean"),
        (#"{"pool": \#(pool), "swaps": [{"zeroForOne": true, "amountSpecified": "1"}]}"#, "swaps[0].sqrtPriceLimitX96: required"),
        (#"{"pool": {"kind":"concentrated","fee":3000,"tickSpacing":60,"sqrtPriceX96":"79228162514264337593543950336","tick":0,"liquidity":"5","ticks":[]}, "swaps": []}"#, "pool: the pool's fields are inconsistent"),
        (#"{"pool": {"kind":"concentrated","fee":3000,"tickSpacing":60,"sqrtPriceX96":"79228162514264337593543950336","tick":0,"liquidity":"0","ticks":[{"index":1,"liquidityNet":"x"}]}, "swaps": []}"#, "pool.ticks[0].liquidityNet:"),
    ])
    func malformedInputNamesTheField(input: String, expectedPrefix: String) {
        do {
            _ = try SwapSimulation.run(Data(input.utf8))
            Issue.record("accepted malformed input \(input)")
        } catch {
            #expect(error.message.hasPrefix(expectedPrefix), "\(error.message)")
            #expect(!error.message.contains("\n"))
        }
    }
}
