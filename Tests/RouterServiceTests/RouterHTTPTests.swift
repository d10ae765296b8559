import DEXMath
import Foundation
import Hummingbird
import HummingbirdTesting
import Market
import Routing
import ServiceKit
import Testing
@testable import RouterService

/// The router's HTTP surface that does not depend on the route search: health, readiness,
/// graph, validation, limits, envelope.
@Suite struct RouterHTTPTests {
    static let weth = TestMarket.weth.address.checksummed
    static let usdc = TestMarket.usdc.address.checksummed

    @Test func healthAnswersBeforeAnyStateAndReadinessWaitsForIt() async throws {
        let router = try TestRouter(loaded: false)
        let state = router.state
        try await router.app.test(.router) { client in
            #expect(try await client.get("/health").status == .ok)
            let before = try await client.get("/ready")
            #expect(before.status == .serviceUnavailable)
            #expect(try before.envelope.code == "STATE_NOT_READY")
            let graphBefore = try await client.get("/v1/graph")
            #expect(graphBefore.status == .serviceUnavailable)
            #expect(try graphBefore.envelope.code == "STATE_NOT_READY")

            state.load(try TestMarket.snapshot())
            #expect(try await client.get("/ready").status == .ok)
        }
    }

    @Test func quotesBeforeAnyStateAre503() async throws {
        try await TestRouter(loaded: false).app.test(.router) { client in
            let response = try await client.post("/v1/quote", json: #"{"tokenIn":"\#(Self.weth)","tokenOut":"\#(Self.usdc)","amount":"1000","type":"exactIn"}"#)
            #expect(response.status == .serviceUnavailable)
            #expect(try response.envelope.code == "STATE_NOT_READY")
        }
    }

    @Test func graphReportsCountsSequenceAndLastUpdate() async throws {
        try await TestRouter().app.test(.router) { client in
            let response = try await client.get("/v1/graph")
            #expect(response.status == .ok)
            let graph = try response.json
            #expect(graph["chainId"] as? Int == 8453)
            #expect(graph["pools"] as? Int == 2)
            #expect(graph["tokens"] as? Int == 3)
            #expect(graph["sequence"] as? Int == 7)
            let lastUpdate = try #require(graph["lastUpdate"] as? String)
            #expect(lastUpdate.count == 24 && lastUpdate.hasSuffix("Z"))
        }
    }

    /// Every bad field: the right code and status, and `details.field` naming the field.
    @Test(arguments: [
        (#"{"tokenOut":"USDC","amount":"1","type":"exactIn"}"#, "INVALID_TOKEN", "tokenIn"),
        (#"{"tokenIn":"0x1234","tokenOut":"USDC","amount":"1","type":"exactIn"}"#, "INVALID_TOKEN", "tokenIn"),
        (#"{"tokenIn":42,"tokenOut":"USDC","amount":"1","type":"exactIn"}"#, "INVALID_TOKEN", "tokenIn"),
        (#"{"tokenIn":"WETH","tokenOut":"0xZZ3589fCD6eDb6E08f4c7C32D4f71b54bdA02913","amount":"1","type":"exactIn"}"#, "INVALID_TOKEN", "tokenOut"),
        (#"{"tokenIn":"WETH","tokenOut":"0x00000000000000000000000000000000000000aa","amount":"1","type":"exactIn"}"#, "INVALID_TOKEN", "tokenOut"),
        (#"{"tokenIn":"0x00000000000000000000000000000000000000AA","tokenOut":"USDC","amount":"1","type":"exactIn"}"#, "INVALID_TOKEN", "tokenIn"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","type":"exactIn"}"#, "INVALID_AMOUNT", "amount"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"0","type":"exactIn"}"#, "INVALID_AMOUNT", "amount"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"-5","type":"exactIn"}"#, "INVALID_AMOUNT", "amount"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"1.5","type":"exactIn"}"#, "INVALID_AMOUNT", "amount"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":1.5,"type":"exactIn"}"#, "INVALID_AMOUNT", "amount"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"abc","type":"exactIn"}"#, "INVALID_AMOUNT", "amount"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"999999999999999999999999999999999999999999999999999999999999999999999999999999","type":"exactIn"}"#, "INVALID_AMOUNT", "amount"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"1"}"#, "INVALID_PARAMETER", "type"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"1","type":"exactish"}"#, "INVALID_PARAMETER", "type"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"1","type":"exactIn","slippageBps":10001}"#, "INVALID_PARAMETER", "slippageBps"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"1","type":"exactIn","slippageBps":-1}"#, "INVALID_PARAMETER", "slippageBps"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"1","type":"exactIn","maxHops":0}"#, "INVALID_PARAMETER", "maxHops"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"1","type":"exactIn","maxHops":5}"#, "INVALID_PARAMETER", "maxHops"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"1","type":"exactIn","maxHops":"many"}"#, "INVALID_PARAMETER", "maxHops"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"1","type":"exactIn","maxSplits":6}"#, "INVALID_PARAMETER", "maxSplits"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"1","type":"exactIn","maxSplits":2.5}"#, "INVALID_PARAMETER", "maxSplits"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"1","type":"exactIn","gasPriceWei":"fast"}"#, "INVALID_PARAMETER", "gasPriceWei"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"1","type":"exactIn","gasPriceWei":"1000000000000000000000001"}"#, "INVALID_PARAMETER", "gasPriceWei"),
        (#"{"tokenIn":"WETH","tokenOut":"WETH","amount":"1","type":"exactIn"}"#, "INVALID_PARAMETER", "tokenOut"),
        (#"{"tokenIn":"WETH","tokenOut":"USDC","amount":"1","type":"exactIn""#, "INVALID_REQUEST", "body"),
        (#"["tokenIn"]"#, "INVALID_REQUEST", "body"),
    ])
    func invalidQuoteRequestsNameTheirField(template: String, code: String, field: String) async throws {
        let body = template.replacingOccurrences(of: #""WETH""#, with: "\"\(Self.weth.lowercased())\"")
            .replacingOccurrences(of: #""USDC""#, with: "\"\(Self.usdc.uppercased().replacingOccurrences(of: "0X", with: "0x"))\"")
        try await TestRouter().app.test(.router) { client in
            let response = try await client.post("/v1/quote", json: body)
            #expect(response.status == .badRequest, "\(response.text)")
            let error = try response.envelope
            #expect(error.code == code)
            #expect(error.details["field"] == field)
            #expect(error.message.contains(field) || field == "body", "\(error.message)")
        }
    }

    @Test(arguments: [
        ("amount=0", "INVALID_AMOUNT", "amount"),
        ("amount=12abc", "INVALID_AMOUNT", "amount"),
        ("amount=1&maxHops=abc", "INVALID_PARAMETER", "maxHops"),
        ("amount=1&slippageBps=20000", "INVALID_PARAMETER", "slippageBps"),
        ("amount=1&type=sideways", "INVALID_PARAMETER", "type"),
    ])
    func getQuoteValidatesLikePost(query: String, code: String, field: String) async throws {
        let base = "tokenIn=\(Self.weth)&tokenOut=\(Self.usdc)&type=exactIn&" + query
        let parameters = query.contains("type=") ? base.replacingOccurrences(of: "type=exactIn&", with: "") : base
        try await TestRouter().app.test(.router) { client in
            let response = try await client.get("/v1/quote?" + parameters)
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(try response.envelope.code == code)
            #expect(try response.envelope.details["field"] == field)
        }
    }

    @Test func unknownFieldsAreTolerated() async throws {
        try await TestRouter().app.test(.router) { client in
            let response = try await client.post("/v1/quote", json: #"{"tokenIn":"\#(Self.weth)","tokenOut":"\#(Self.usdc)","amount":"1000000","type":"exactIn","client":{"name":"web","tags":[1,null,true]},"note":null}"#)
            #expect(response.status != .badRequest, "\(response.text)")
        }
    }

    @Test func dustIsTooSmallWhereTooMuchIsTooLarge() async throws {
        try await TestRouter().app.test(.router) { client in
            // 1,000 wei of WETH is worth 3·10⁻⁹ of USDC's smallest unit on any path.
            let dust = try await client.post("/v1/quote", json: #"{"tokenIn":"\#(Self.weth)","tokenOut":"\#(Self.usdc)","amount":"1000","type":"exactIn"}"#)
            #expect(dust.status == .unprocessableContent, "\(dust.text)")
            #expect(try dust.envelope.code == "AMOUNT_TOO_SMALL")
            #expect(try dust.envelope.details["field"] == "amount")
            let flood = try await client.post("/v1/quote", json: #"{"tokenIn":"\#(Self.weth)","tokenOut":"\#(Self.usdc)","amount":"1\#(String(repeating: "0", count: 40))","type":"exactIn"}"#)
            #expect(flood.status == .unprocessableContent, "\(flood.text)")
            #expect(try flood.envelope.code == "INSUFFICIENT_LIQUIDITY")
            // One unit out costs a few hundred million wei in: never dust.
            let unit = try await client.post("/v1/quote", json: #"{"tokenIn":"\#(Self.weth)","tokenOut":"\#(Self.usdc)","amount":"1","type":"exactOut"}"#)
            #expect(unit.status == .ok, "\(unit.text)")
        }
    }

    @Test func gasAtTheHighestAcceptedPriceIsValuedExactly() async throws {
        try await TestRouter().app.test(.router) { client in
            func quote(gasPriceWei: String) async throws -> [String: Any] {
                let response = try await client.post("/v1/quote", json: #"{"tokenIn":"\#(Self.weth)","tokenOut":"\#(Self.usdc)","amount":"1000000000000000000","type":"exactIn","gasPriceWei":"\#(gasPriceWei)"}"#)
                #expect(response.status == .ok, "\(response.text)")
                return try response.json
            }
            // 10¹⁶ wei per gas unit prices each unit at the valuation amount (0.01 ETH) itself.
            let unit = try await quote(gasPriceWei: "10000000000000000")
            let highest = try await quote(gasPriceWei: QuoteRequest.maxGasPriceWei.decimalString)
            #expect(highest["gasEstimate"] as? Int == unit["gasEstimate"] as? Int)
            let perUnit = try #require((unit["gasCostInQuoteToken"] as? String).flatMap { UInt256($0) })
            let atHighest = try #require((highest["gasCostInQuoteToken"] as? String).flatMap { UInt256($0) })
            #expect(atHighest == perUnit &* UInt256(UInt64(100_000_000)))
        }
    }

    @Test func bodiesOverTheLimitAre413() async throws {
        let router = try TestRouter(limits: .init(maxBodyBytes: 512, maxBatchRequests: 5))
        try await router.app.test(.router) { client in
            let padding = String(repeating: "x", count: 1024)
            let response = try await client.post("/v1/quote", json: #"{"tokenIn":"\#(Self.weth)","padding":"\#(padding)"}"#)
            #expect(response.status == .contentTooLarge)
            #expect(try response.envelope.code == "PAYLOAD_TOO_LARGE")
        }
    }

    @Test func unknownPathsAre404InTheEnvelope() async throws {
        try await TestRouter().app.test(.router) { client in
            let response = try await client.get("/v2/quote")
            #expect(response.status == .notFound)
            #expect(try response.envelope.code == "NOT_FOUND")
        }
    }

    @Test func batchLimitsAndShapeAreChecked() async throws {
        try await TestRouter(limits: .init(maxBodyBytes: 16 * 1024, maxBatchRequests: 2)).app.test(.router) { client in
            let one = #"{"tokenIn":"\#(Self.weth)","tokenOut":"\#(Self.usdc)","amount":"1","type":"exactIn"}"#
            let tooMany = try await client.post("/v1/quotes", json: #"{"requests":[\#(one),\#(one),\#(one)]}"#)
            #expect(tooMany.status == .badRequest)
            #expect(try tooMany.envelope.details["field"] == "requests")
            let missing = try await client.post("/v1/quotes", json: #"{"request":[\#(one)]}"#)
            #expect(missing.status == .badRequest)
            #expect(try missing.envelope.details["field"] == "requests")
            let empty = try await client.post("/v1/quotes", json: #"{"requests":[]}"#)
            #expect(empty.status == .badRequest)
        }
    }

    @Test func batchAnswersEachEntryInOrder() async throws {
        try await TestRouter().app.test(.router) { client in
            let good = #"{"tokenIn":"\#(Self.weth)","tokenOut":"\#(Self.usdc)","amount":"1000000000000000","type":"exactIn"}"#
            let badAmount = #"{"tokenIn":"\#(Self.weth)","tokenOut":"\#(Self.usdc)","amount":"0","type":"exactIn"}"#
            let unknownToken = #"{"tokenIn":"\#(TestMarket.stranger)","tokenOut":"\#(Self.usdc)","amount":"5","type":"exactIn"}"#
            let response = try await client.post("/v1/quotes", json: #"{"requests":[\#(good),\#(badAmount),"nonsense",\#(unknownToken)]}"#)
            #expect(response.status == .ok, "\(response.text)")
            let results = try #require(try response.json["results"] as? [[String: Any]])
            #expect(results.count == 4)
            #expect((results[1]["error"] as? [String: Any])?["code"] as? String == "INVALID_AMOUNT")
            #expect((results[2]["error"] as? [String: Any])?["code"] as? String == "INVALID_REQUEST")
            #expect(((results[3]["error"] as? [String: Any])?["details"] as? [String: String])?["field"] == "tokenIn")
            // The first entry is exactly what /v1/quote answers for it (quote or error alike).
            let single = try await client.post("/v1/quote", json: good)
            #expect(NSDictionary(dictionary: Self.withoutTiming(results[0])) == NSDictionary(dictionary: Self.withoutTiming(try single.json)))
        }
    }

    @Test func simulateValidatesThePath() async throws {
        try await TestRouter().app.test(.router) { client in
            let unknownPool = try await client.post("/v1/simulate", json: #"{"tokenIn":"\#(Self.weth)","path":["\#(TestMarket.stranger)"],"amount":"1","type":"exactIn"}"#)
            #expect(unknownPool.status == .badRequest)
            #expect(try unknownPool.envelope.code == "INVALID_POOL")
            #expect(try unknownPool.envelope.details["field"] == "path[0]")

            let malformed = try await client.post("/v1/simulate", json: #"{"tokenIn":"\#(Self.weth)","path":["\#(TestMarket.wethUsdcAddress)", "0x12"],"amount":"1","type":"exactIn"}"#)
            #expect(malformed.status == .badRequest)
            #expect(try malformed.envelope.details["field"] == "path[1]")

            let tooLong = try await client.post("/v1/simulate", json: #"{"tokenIn":"\#(Self.weth)","path":["\#(TestMarket.wethUsdcAddress)","\#(TestMarket.wethUsdcAddress)","\#(TestMarket.wethUsdcAddress)","\#(TestMarket.wethUsdcAddress)","\#(TestMarket.wethUsdcAddress)"],"amount":"1","type":"exactIn"}"#)
            #expect(tooLong.status == .badRequest)
            #expect(try tooLong.envelope.code == "INVALID_PATH")

            let noAmount = try await client.post("/v1/simulate", json: #"{"tokenIn":"\#(Self.weth)","path":["\#(TestMarket.wethUsdcAddress)"],"type":"exactIn"}"#)
            #expect(try noAmount.envelope.code == "INVALID_AMOUNT")
        }
    }

    @Test func metricsNameTheRouterSeriesWithHelpLines() async throws {
        let router = try TestRouter()
        try await router.app.test(.router) { client in
            _ = try await client.post("/v1/quote", json: #"{"tokenIn":"\#(Self.weth)","tokenOut":"\#(Self.usdc)","amount":"1000000","type":"exactIn"}"#)
        }
        let text = router.metrics.exposition()
        for name in [RouterMetrics.calculationsTotal, RouterMetrics.calculationDuration, RouterMetrics.cacheHitsTotal, RouterMetrics.cacheMissesTotal,
                     RouterMetrics.graphPools, RouterMetrics.graphTokens, RouterMetrics.graphLastUpdate, HTTPMetrics.requestsTotal, HTTPMetrics.requestDuration] {
            #expect(text.contains("# HELP \(name) "), "no HELP for \(name)")
        }
        #expect(text.contains("\n\(RouterMetrics.calculationsTotal) 1\n"))
        #expect(text.contains("\n\(RouterMetrics.cacheMissesTotal) 1\n"))
        #expect(text.contains("\n\(RouterMetrics.graphPools) 2"))
        #expect(text.contains("\n\(RouterMetrics.graphTokens) 3"))
        #expect(text.contains(#"http_requests_total{method="POST",route="/v1/quote","#))
        if let promtool = ["/usr/bin/promtool"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: promtool)
            process.arguments = ["check", "metrics"]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            try process.run()
            input.fileHandleForWriting.write(Data(text.utf8))
            try input.fileHandleForWriting.close()
            let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "promtool: \(printed)")
        }
    }

    static func withoutTiming(_ object: [String: Any]) -> [String: Any] {
        var copy = object
        copy["computeMicros"] = nil
        return copy
    }
}
