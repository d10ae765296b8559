import DEXMath
import Foundation
import Hummingbird
import HummingbirdTesting
import Market
import Routing
import ServiceKit
import Testing
@testable import RouterService

/// Quotes and simulations end to end through HTTP. These assert real engine results, so they
/// need `QuoteEngine.quote`/`simulate` (Routing) to be implemented; expectations are computed
/// with Market's pool math directly.
@Suite struct RouterQuoteTests {
    static let weth = TestMarket.weth.address.checksummed
    static let usdc = TestMarket.usdc.address.checksummed
    static let dai = TestMarket.dai.address.checksummed
    static let oneWeth = UInt256("1000000000000000000")!

    /// WETH is token0 of the WETH/USDC pool: exact input of `amount` WETH, price falling.
    static func expectedWethToUsdc(_ amount: UInt256) throws -> PoolSwapResult {
        try TestMarket.wethUsdcPool().swap(zeroForOne: true, amountSpecified: Int256(exactly: amount)!, sqrtPriceLimitX96: TickMath.minSqrtRatio &+ .one)
    }

    @Test func singlePoolExactInputEqualsThePoolsExactSwap() async throws {
        let expected = try Self.expectedWethToUsdc(Self.oneWeth)
        try await TestRouter().app.test(.router) { client in
            let response = try await client.post("/v1/quote", json: #"{"tokenIn":"\#(Self.weth)","tokenOut":"\#(Self.usdc)","amount":"\#(Self.oneWeth)","type":"exactIn","maxSplits":1}"#)
            #expect(response.status == .ok, "\(response.text)")
            let quote = try response.json
            #expect(quote["type"] as? String == "exactIn")
            #expect(quote["amountIn"] as? String == Self.oneWeth.description)
            #expect(quote["amountOut"] as? String == expected.amount1.magnitude.description)
            let minimum = try #require((quote["amountOutMin"] as? String).flatMap { UInt256($0) })
            #expect(minimum <= expected.amount1.magnitude)
            #expect(quote["amountInMax"] == nil)
            #expect(quote["stateSequence"] as? Int == 7)
            #expect(quote["computeMicros"] is Int)
            #expect(quote["gasEstimate"] is Int)
            #expect(quote["gasCostInQuoteToken"] is String)
            #expect(quote["priceImpactBps"] is Int)
            let routes = try #require(quote["routes"] as? [[String: Any]])
            #expect(routes.count == 1)
            #expect(routes.first?["portionBps"] as? Int == 10_000)
            let hops = try #require(routes.first?["hops"] as? [[String: Any]])
            #expect(hops.count == 1)
            let hop = try #require(hops.first)
            #expect(hop["pool"] as? String == TestMarket.wethUsdcAddress.checksummed)
            #expect(hop["tokenIn"] as? String == Self.weth)
            #expect(hop["tokenOut"] as? String == Self.usdc)
            #expect(hop["fee"] as? Int == 500)
            #expect(hop["amountIn"] as? String == Self.oneWeth.description)
            #expect(hop["amountOut"] as? String == expected.amount1.magnitude.description)
            #expect(hop["sqrtPriceX96After"] as? String == expected.sqrtPriceX96.description)
            #expect(hop["ticksCrossed"] as? Int == expected.ticksCrossed)
        }
    }

    @Test func getAndPostGiveTheSameQuote() async throws {
        try await TestRouter().app.test(.router) { client in
            let post = try await client.post("/v1/quote", json: #"{"tokenIn":"\#(Self.weth.lowercased())","tokenOut":"\#(Self.usdc)","amount":"250000000000000000","type":"exactIn","slippageBps":30,"maxHops":2,"maxSplits":2,"gasPriceWei":"1000000"}"#)
            let get = try await client.get("/v1/quote?tokenIn=\(Self.weth)&tokenOut=\(Self.usdc.lowercased())&amount=250000000000000000&type=exactIn&slippageBps=30&maxHops=2&maxSplits=2&gasPriceWei=1000000")
            #expect(post.status == .ok, "\(post.text)")
            #expect(get.status == post.status)
            #expect(NSDictionary(dictionary: RouterHTTPTests.withoutTiming(try get.json)) == NSDictionary(dictionary: RouterHTTPTests.withoutTiming(try post.json)))
        }
    }

    @Test func exactOutputQuotesCarryAmountInMax() async throws {
        try await TestRouter().app.test(.router) { client in
            let response = try await client.post("/v1/quote", json: #"{"tokenIn":"\#(Self.weth)","tokenOut":"\#(Self.usdc)","amount":"1000000000","type":"exactOut"}"#)
            #expect(response.status == .ok, "\(response.text)")
            let quote = try response.json
            #expect(quote["type"] as? String == "exactOut")
            #expect(quote["amountOut"] as? String == "1000000000")
            #expect(quote["amountInMax"] is String)
            #expect(quote["amountOutMin"] == nil)
        }
    }

    @Test func theSecondIdenticalQuoteIsACacheHit() async throws {
        let router = try TestRouter()
        let body = #"{"tokenIn":"\#(Self.weth)","tokenOut":"\#(Self.usdc)","amount":"5000000000000000","type":"exactIn"}"#
        try await router.app.test(.router) { client in
            let first = try await client.post("/v1/quote", json: body)
            let second = try await client.post("/v1/quote", json: body)
            #expect(first.status == .ok, "\(first.text)")
            #expect(NSDictionary(dictionary: RouterHTTPTests.withoutTiming(try first.json)) == NSDictionary(dictionary: RouterHTTPTests.withoutTiming(try second.json)))
        }
        let text = router.metrics.exposition()
        #expect(text.contains("\n\(RouterMetrics.cacheHitsTotal) 1\n"))
        #expect(text.contains("\n\(RouterMetrics.cacheMissesTotal) 1\n"))
        #expect(text.contains("\n\(RouterMetrics.calculationsTotal) 1\n"))
    }

    @Test func aPoolChangeInvalidatesTheCache() async throws {
        let router = try TestRouter()
        let body = #"{"tokenIn":"\#(Self.weth)","tokenOut":"\#(Self.usdc)","amount":"5000000000000000","type":"exactIn"}"#
        let state = router.state
        try await router.app.test(.router) { client in
            _ = try await client.post("/v1/quote", json: body)
            state.load(try TestMarket.snapshot(sequence: 8))
            let after = try await client.post("/v1/quote", json: body)
            #expect(try after.json["stateSequence"] as? Int == 8)
        }
        #expect(router.metrics.exposition().contains("\n\(RouterMetrics.cacheMissesTotal) 2\n"))
    }

    @Test func simulateReturnsThePoolsExactAmounts() async throws {
        let expected = try Self.expectedWethToUsdc(Self.oneWeth)
        try await TestRouter().app.test(.router) { client in
            let response = try await client.post("/v1/simulate", json: #"{"tokenIn":"\#(Self.weth)","path":["\#(TestMarket.wethUsdcAddress.lowercaseHex)"],"amount":"\#(Self.oneWeth)","type":"exactIn"}"#)
            #expect(response.status == .ok, "\(response.text)")
            let route = try response.json
            #expect(route["stateSequence"] as? Int == 7)
            #expect(route["amountIn"] as? String == Self.oneWeth.description)
            #expect(route["amountOut"] as? String == expected.amount1.magnitude.description)
            let hop = try #require((route["hops"] as? [[String: Any]])?.first)
            #expect(hop["sqrtPriceX96After"] as? String == expected.sqrtPriceX96.description)
            #expect(hop["ticksCrossed"] as? Int == expected.ticksCrossed)
        }
    }

    /// Two hops: the second pool receives exactly what the first paid out.
    @Test func simulateChainsHopsExactly() async throws {
        let first = try Self.expectedWethToUsdc(Self.oneWeth)
        let usdcIn = first.amount1.magnitude
        // USDC is token1 of the USDC/DAI pool: exact input of USDC, DAI out.
        let second = try TestMarket.usdcDaiPool().swap(zeroForOne: false, amountSpecified: Int256(exactly: usdcIn)!)
        try await TestRouter().app.test(.router) { client in
            let response = try await client.post("/v1/simulate", json: #"{"tokenIn":"\#(Self.weth)","path":["\#(TestMarket.wethUsdcAddress)","\#(TestMarket.usdcDaiAddress)"],"amount":"\#(Self.oneWeth)","type":"exactIn"}"#)
            #expect(response.status == .ok, "\(response.text)")
            let route = try response.json
            let hops = try #require(route["hops"] as? [[String: Any]])
            #expect(hops.count == 2)
            #expect(hops[1]["tokenIn"] as? String == Self.usdc)
            #expect(hops[1]["tokenOut"] as? String == Self.dai)
            #expect(hops[1]["amountIn"] as? String == usdcIn.description)
            #expect(hops[1]["amountOut"] as? String == second.amount0.magnitude.description)
            #expect(hops[1]["sqrtPriceX96After"] is NSNull)
            #expect(route["amountOut"] as? String == second.amount0.magnitude.description)
        }
    }
}
