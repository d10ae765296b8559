import DEXMath
import Foundation
import Hummingbird
import HummingbirdTesting
import Market
import Routing
import ServiceKit
import Testing
import TestSupport
@testable import RouterService

/// The hand-written quote body (EncodedQuote), the response cache that keeps it, the memoised
/// EIP-55 strings and the fast request reader: each must give exactly what the Foundation path
/// (JSONEncoder on QuotePayload, JSONDecoder into JSONValue) gives.
@Suite struct QuoteEncodingTests {
    static let weth = TestMarket.weth.address
    static let usdc = TestMarket.usdc.address
    static let dai = TestMarket.dai.address

    /// The reference: what `JSONResponse.make(QuotePayload)` writes (its encoder settings).
    static func referenceBytes(_ quote: Quote, computeMicros: Int) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(QuotePayload(quote: quote, computeMicros: computeMicros)))
    }

    /// `"computeMicros":N` becomes `"computeMicros":0`: the one field two answers may differ in.
    static func withoutTiming(_ text: String) -> String {
        text.replacingOccurrences(of: #""computeMicros":[0-9]+"#, with: #""computeMicros":0"#, options: .regularExpression)
    }

    static func service(cacheSize: Int, snapshot: MarketSnapshot? = nil) throws -> QuoteService {
        let metrics = MetricsRegistry(descriptions: RouterMetrics.descriptions)
        let routerMetrics = RouterMetrics(factory: metrics.factory)
        let state = RouterState(metrics: routerMetrics, maxAge: nil)
        state.load(try snapshot ?? TestMarket.snapshot())
        return QuoteService(state: state, engine: QuoteEngine(), cacheSize: cacheSize, metrics: routerMetrics)
    }

    static let requests: [QuoteRequest] = {
        let one = UInt256("1000000000000000000")!
        return [
            try! QuoteRequest(tokenIn: weth, tokenOut: usdc, amount: one, type: .exactIn, maxSplits: 1),
            try! QuoteRequest(tokenIn: weth, tokenOut: usdc, amount: UInt256("40000000000000000000")!, type: .exactIn, maxSplits: 3),
            try! QuoteRequest(tokenIn: usdc, tokenOut: weth, amount: one, type: .exactOut),
            try! QuoteRequest(tokenIn: weth, tokenOut: dai, amount: UInt256("250000000000000000")!, type: .exactIn, slippageBps: 30, maxHops: 2, maxSplits: 2, gasPriceWei: UInt256(1_000_000)),
            try! QuoteRequest(tokenIn: dai, tokenOut: weth, amount: UInt256("100000000000000000")!, type: .exactOut, slippageBps: 0),
            try! QuoteRequest(tokenIn: dai, tokenOut: usdc, amount: UInt256("1000000000000000000000")!, type: .exactIn),
        ]
    }()

    @Test func handEncodingEqualsJSONEncoderForEngineQuotes() throws {
        let service = try Self.service(cacheSize: 0)
        var quoted = 0
        for request in Self.requests {
            guard let quote = try? service.quote(request).quote else { continue }
            quoted += 1
            for micros in [0, 7, 1234, 9_999_999] {
                #expect(EncodedQuote(quote).bytes(computeMicros: micros) == (try Self.referenceBytes(quote, computeMicros: micros)),
                        "\(String(decoding: EncodedQuote(quote).bytes(computeMicros: micros), as: UTF8.self))")
            }
        }
        // Multi-hop, constant-product (null sqrtPriceX96After) and both trade types are among them.
        #expect(quoted >= 4)
    }

    @Test func handEncodingEqualsJSONEncoderForEdgeValues() throws {
        let hopCP = HopQuote(pool: TestMarket.usdcDaiAddress, tokenIn: Self.dai, tokenOut: Self.usdc, fee: 3000,
                             amountIn: .max, amountOut: .zero, sqrtPriceX96After: nil, ticksCrossed: 0)
        let hopCL = HopQuote(pool: TestMarket.wethUsdcAddress, tokenIn: Self.usdc, tokenOut: Self.weth, fee: 500,
                             amountIn: UInt256(1), amountOut: UInt256(UInt64.max), sqrtPriceX96After: UInt256("79228162514264337593543950336")!, ticksCrossed: 12)
        let routes = [RouteQuote(portionBps: 6000, amountIn: UInt256(10), amountOut: UInt256(9), hops: [hopCP, hopCL]),
                      RouteQuote(portionBps: 4000, amountIn: UInt256(7), amountOut: UInt256(6), hops: [hopCL])]
        for type in TradeType.allCases {
            for bounds in [(UInt256?.none, UInt256?.none), (UInt256(5), UInt256(11))] {
                let quote = Quote(type: type, amountIn: UInt256(17), amountOut: UInt256(15), amountOutMin: bounds.0, amountInMax: bounds.1,
                                  priceImpactBps: -3, gasEstimate: UInt64.max, gasCostInQuoteToken: .zero, routes: routes, stateSequence: 0)
                #expect(EncodedQuote(quote).bytes(computeMicros: 42) == (try Self.referenceBytes(quote, computeMicros: 42)))
            }
            let empty = Quote(type: type, amountIn: UInt256(1), amountOut: UInt256(1), amountOutMin: nil, amountInMax: nil,
                              priceImpactBps: 0, gasEstimate: 0, gasCostInQuoteToken: UInt256(3), routes: [], stateSequence: UInt64.max)
            #expect(EncodedQuote(empty).bytes(computeMicros: 0) == (try Self.referenceBytes(empty, computeMicros: 0)))
        }
    }

    /// EIP-55's own test vectors, and the memo agreeing with the hash on every call.
    /// The hand-written numbers are UInt256's and Swift's own decimal strings: every limb
    /// boundary (19-digit limbs, leading zeros inside), the extremes, and negative integers.
    @Test func handWrittenNumbersAreTheirDecimalStrings() {
        var rng = SplitMix64(seed: 11)
        var values: [UInt256] = [.zero, .one, .max, UInt256(UInt64.max), UInt256(10_000_000_000_000_000_000)]
        for digits in 18...21 { values.append(UInt256(String(repeating: "9", count: digits))!) }
        values.append(UInt256("1" + String(repeating: "0", count: 38))!)
        values.append(UInt256("1" + String(repeating: "0", count: 37) + "7")!)
        for _ in 0..<500 {
            let value = UInt256(w0: rng.next(), w1: rng.next(), w2: rng.next(), w3: rng.next())
            values.append(value >> Int(rng.next() % 256))
        }
        for value in values {
            var written = JSONBytes()
            written.decimal(value)
            #expect(String(decoding: written.bytes, as: UTF8.self) == "\"\(value.decimalString)\"")
        }
        for integer in [0, 7, -3, 10_000, Int.max, Int.min] {
            var written = JSONBytes()
            written.integer(integer)
            #expect(String(decoding: written.bytes, as: UTF8.self) == String(integer))
        }
        var gas = JSONBytes()
        gas.integer(UInt64.max)
        #expect(String(decoding: gas.bytes, as: UTF8.self) == String(UInt64.max))
    }

    @Test func memoisedChecksumsAreEIP55() {
        let vectors = ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                       "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"]
        for vector in vectors {
            let address = Address(vector.lowercased())!
            #expect(ChecksummedAddresses.text(address) == vector)
            #expect(ChecksummedAddresses.text(address) == vector)
            #expect(address.checksummed == vector)
        }
        for address in [Self.weth, Self.usdc, Self.dai, TestMarket.wethUsdcAddress, TestMarket.stranger, .zero] {
            #expect(ChecksummedAddresses.text(address) == address.checksummed)
        }
    }

    /// Over HTTP: a cache hit answers the same bytes as a fresh computation (and as the
    /// JSONEncoder reference) apart from computeMicros, for every request.
    @Test func cachedAndUncachedAnswersAreTheSameBytes() async throws {
        let reference = try Self.service(cacheSize: 0)
        for cacheSize in [0, 100] {
            let router = try TestRouter()
            let routes = RouterRoutes.router(service: try Self.service(cacheSize: cacheSize), defaults: QuoteDefaults(), metrics: router.metrics)
            try await Application(router: routes).test(.router) { client in
                for request in Self.requests {
                    guard let quote = try? reference.quote(request).quote else { continue }
                    let expected = Self.withoutTiming(String(decoding: try Self.referenceBytes(quote, computeMicros: 0), as: UTF8.self))
                    let body = Self.body(request)
                    for _ in 0..<3 {
                        let response = try await client.post("/v1/quote", json: body)
                        #expect(response.status == .ok)
                        #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                        #expect(Self.withoutTiming(response.text) == expected)
                    }
                }
            }
        }
    }

    static func body(_ request: QuoteRequest) -> String {
        var text = #"{"tokenIn":"\#(request.tokenIn.checksummed)","tokenOut":"\#(request.tokenOut.lowercaseHex)","amount":"\#(request.amount)","type":"\#(request.type.rawValue)""#
        text += #","slippageBps":\#(request.slippageBps),"maxHops":\#(request.maxHops),"maxSplits":\#(request.maxSplits)"#
        if let gas = request.gasPriceWei { text += #","gasPriceWei":"\#(gas)""# }
        return text + "}"
    }

    /// A changed pool changes the cached answer, at a new sequence and also when a reloaded
    /// snapshot repeats the sequence the cache saw (the graph generation is in the key).
    @Test func aPoolChangeChangesTheCachedBody() async throws {
        let router = try TestRouter()
        let state = router.state
        let body = #"{"tokenIn":"\#(Self.weth.checksummed)","tokenOut":"\#(Self.usdc.checksummed)","amount":"5000000000000000000","type":"exactIn","maxSplits":1}"#
        try await router.app.test(.router) { client in
            let first = Self.withoutTiming(try await client.post("/v1/quote", json: body).text)
            #expect(Self.withoutTiming(try await client.post("/v1/quote", json: body).text) == first)

            state.load(try Self.deeperSnapshot(sequence: 7))
            let sameSequence = Self.withoutTiming(try await client.post("/v1/quote", json: body).text)
            #expect(sameSequence != first)
            #expect(sameSequence.contains(#""stateSequence":7"#))

            state.load(try TestMarket.snapshot(sequence: 8))
            let next = Self.withoutTiming(try await client.post("/v1/quote", json: body).text)
            #expect(next == first.replacingOccurrences(of: #""stateSequence":7"#, with: #""stateSequence":8"#))
            #expect(Self.withoutTiming(try await client.post("/v1/quote", json: body).text) == next)
        }
        let text = router.metrics.exposition()
        #expect(text.contains("\n\(RouterMetrics.cacheMissesTotal) 3\n"))
        #expect(text.contains("\n\(RouterMetrics.cacheHitsTotal) 2\n"))
    }

    /// The test market with twice the WETH/USDC full-range liquidity: same tokens, other prices.
    static func deeperSnapshot(sequence: UInt64) throws -> MarketSnapshot {
        var pool = try TestMarket.wethUsdcPool()
        try pool.mint(tickLower: -887_270, tickUpper: 887_270, amount: 2_000_000_000_000_000)
        var snapshot = try TestMarket.snapshot(sequence: sequence)
        snapshot.pools[0] = MarketPool(address: TestMarket.wethUsdcAddress, token0: Self.weth, token1: Self.usdc, state: .concentrated(pool))
        return snapshot
    }

    @Test func batchEntriesAreTheSingleQuoteBodies() async throws {
        let router = try TestRouter()
        let good = #"{"tokenIn":"\#(Self.weth.checksummed)","tokenOut":"\#(Self.usdc.checksummed)","amount":"1000000000000000","type":"exactIn"}"#
        let bad = #"{"tokenIn":"\#(Self.weth.checksummed)","tokenOut":"\#(Self.usdc.checksummed)","amount":"0","type":"exactIn"}"#
        try await router.app.test(.router) { client in
            let single = try await client.post("/v1/quote", json: good)
            let batch = try await client.post("/v1/quotes", json: #"{"requests":[\#(good),\#(bad),7]}"#)
            #expect(batch.status == .ok)
            let badEnvelope = try await client.post("/v1/quote", json: bad).text
            let notObject = String(decoding: APIError.invalidField("requests[2]", code: "INVALID_REQUEST", "requests[2] must be an object, got a number").envelopeJSON(), as: UTF8.self)
            #expect(Self.withoutTiming(batch.text) == #"{"results":["# + Self.withoutTiming(single.text) + "," + badEnvelope + "," + notObject + "]}")
        }
    }

    /// The fast reader gives what JSONDecoder gives, or steps aside.
    @Test(arguments: [
        #"{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","amount":"445742154105211026747","type":"exactIn","maxHops":3,"maxSplits":3}"#,
        " \t\r\n{ \"a\" : \"b\" , \"c\":1 ,\"d\":null,\"e\":true,\"f\":false,\"g\":0,\"h\":123456789012345678 } \n",
        "{}", " { } ", "{\"\":\"\"}",
        #"{"a":"x\"y"}"#, #"{"a":"\u0041"}"#, "{\"a\":\"é\"}", #"{"a":1.5}"#, #"{"a":1e3}"#, #"{"a":-1}"#, #"{"a":01}"#,
        #"{"a":1234567890123456789}"#, #"{"a":99999999999999999999}"#, #"{"a":1,"a":2}"#, #"{"a":[1]}"#, #"{"a":{"b":1}}"#,
        #"{"a":1}x"#, #"{"a":1,}"#, #"{"a" 1}"#, #"{"a":tru}"#, #"{"a":truex}"#, #"{"a":nul}"#, #"{"a":"b""#, "", "[1]", "\"x\"", "{",
        #"{"tokenIn":"WETH","tokenOut":"USDC","amount":"1","type":"exactIn""#, "{\"a\":\"tab\there\"}", "\u{FEFF}{\"a\":1}",
    ])
    func flatReaderAgreesWithJSONDecoder(body: String) throws {
        let bytes = Array(body.utf8)
        let fast = bytes.withUnsafeBytes { FlatJSONObject.parse($0) }
        let full = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        if let fast {
            #expect(full == .object(fast), "\(body)")
        }
    }

    @Test func flatReaderTakesTheUsualBodies() {
        for body in [#"{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","amount":"445742154105211026747","type":"exactIn","maxHops":3,"maxSplits":3}"#,
                     Self.body(Self.requests[3])] {
            let parsed = Array(body.utf8).withUnsafeBytes { FlatJSONObject.parse($0) }
            #expect(parsed != nil, "\(body)")
            #expect(parsed?["type"] == .string(body.contains("exactOut") ? "exactOut" : "exactIn"))
        }
    }

    @Test func responseCacheStaysWithinCapacityAndKeepsTheRecent() throws {
        let cache = QuoteResponseCache(capacity: 10)
        let quote = Quote(type: .exactIn, amountIn: UInt256(1), amountOut: UInt256(1), amountOutMin: nil, amountInMax: nil,
                          priceImpactBps: 0, gasEstimate: 0, gasCostInQuoteToken: .zero, routes: [], stateSequence: 1)
        let entry = QuoteResponseCache.Entry(quote: quote, encoded: EncodedQuote(quote))
        func key(_ n: Int, sequence: UInt64 = 1, generation: UInt64 = 1) throws -> QuoteResponseCache.Key {
            .init(request: try QuoteRequest(tokenIn: Self.weth, tokenOut: Self.usdc, amount: UInt256(UInt64(n)), type: .exactIn), sequence: sequence, generation: generation)
        }
        for n in 1...25 {
            cache.store(entry, for: try key(n))
            // Keep 1 in use: it must survive every eviction.
            #expect(cache.entry(for: try key(1)) != nil)
            #expect(cache.count <= 10)
        }
        #expect(cache.entry(for: try key(25)) != nil)
        #expect(cache.entry(for: try key(2)) == nil)
        #expect(cache.entry(for: try key(25, generation: 2)) == nil)
        #expect(cache.entry(for: try key(25, sequence: 2)) == nil)
        let disabled = QuoteResponseCache(capacity: 0)
        disabled.store(entry, for: try key(1))
        #expect(disabled.entry(for: try key(1)) == nil)
        #expect(disabled.count == 0)
    }
}
