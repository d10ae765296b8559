import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Market
import NIOCore
import Routing
import ServiceKit
import Testing
@testable import BackendAPI
@testable import RouterService

@Suite("Backend REST: quotes through the router")
struct QuoteProxyTests {
    /// A real router on a loopback port, loaded with the backend's own snapshot.
    static func withRouter(_ fixture: BackendFixture, _ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let metrics = MetricsRegistry(descriptions: RouterMetrics.descriptions)
        let routerMetrics = RouterMetrics(factory: metrics.factory)
        let state = RouterState(metrics: routerMetrics, maxAge: nil)
        state.load(fixture.hub.view.state.snapshot())
        let service = QuoteService(state: state, engine: QuoteEngine(), cacheSize: 100, metrics: routerMetrics)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: RouterRoutes.router(service: service, defaults: QuoteDefaults(), metrics: metrics),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body("http://127.0.0.1:\(port)")
            group.cancelAll()
        }
    }

    @Test("GET and POST answer the router's quote plus token metadata and USD values")
    func enriched() async throws {
        let fixture = try await BackendFixture.make()
        try await Self.withRouter(fixture) { routerURL in
            let (app, _) = try fixture.app(settings: try BackendFixture.settings(), routerURL: routerURL)
            try await app.test(.router) { client in
                let request = #"{"tokenIn":"\#(fixture.weth)","tokenOut":"\#(fixture.usdc)","amount":"1000000000000000000","type":"exactIn"}"#
                let viaBackend = try await client.post("/v1/quote", json: request)
                #expect(viaBackend.status == .ok)
                let quote = try viaBackend.object
                var direct = HTTPClientRequest(url: routerURL + "/v1/quote")
                direct.method = .POST
                direct.body = .bytes(ByteBuffer(string: request))
                let routerAnswer = try JSONSerialization.jsonObject(with: Data(try await HTTPClient.shared.execute(direct, timeout: .seconds(5))
                    .body.collect(upTo: 1 << 20).readableBytesView)) as? [String: Any] ?? [:]
                for key in ["amountIn", "amountOut", "amountOutMin", "priceImpactBps", "gasEstimate", "stateSequence"] {
                    #expect("\(quote[key] ?? "")" == "\(routerAnswer[key] ?? "-")", "\(key)")
                }
                #expect((quote["tokenIn"] as? [String: Any])?["symbol"] as? String == "WETH")
                #expect((quote["tokenOut"] as? [String: Any])?["decimals"] as? Int == 6)
                let inUsd = try #require(quote["amountInUsd"] as? Double)
                let outUsd = try #require(quote["amountOutUsd"] as? Double)
                #expect(abs(inUsd - outUsd) / inUsd < 0.05)

                let get = try await client.get("/v1/quote?tokenIn=\(fixture.weth)&tokenOut=\(fixture.usdc)&amount=1000000000000000000&type=exactIn")
                #expect(try get.object["amountOut"] as? String == quote["amountOut"] as? String, "GET \(String(buffer: get.body)) POST \(String(buffer: viaBackend.body))")
            }
        }
    }

    @Test("bad requests are refused before the router is asked", arguments: [
        (#"{"tokenOut":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","amount":"1"}"#, "INVALID_TOKEN"),
        (#"{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x00000000000000000000000000000000000000aa","amount":"1"}"#, "INVALID_TOKEN"),
        (#"{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","amount":"-5"}"#, "INVALID_AMOUNT"),
        (#"{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","amount":"0"}"#, "INVALID_AMOUNT"),
        (#"[1,2]"#, "INVALID_REQUEST"),
        (#"{"tokenIn":"#, "INVALID_REQUEST"),
    ])
    func refused(_ body: String, _ code: String) async throws {
        let fixture = try await BackendFixture.make(minutes: 1)
        // Nothing listens on the router URL: these must not get that far.
        try await fixture.app(settings: try BackendFixture.settings(), routerURL: "http://127.0.0.1:9").0.test(.router) { client in
            let response = try await client.post("/v1/quote", json: body)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == code)
        }
    }

    @Test("a router that does not answer is a 503 naming it")
    func routerDown() async throws {
        let fixture = try await BackendFixture.make(minutes: 1)
        try await fixture.app(settings: try BackendFixture.settings(), routerURL: "http://127.0.0.1:9").0.test(.router) { client in
            let response = try await client.get("/v1/quote?tokenIn=\(fixture.weth)&tokenOut=\(fixture.usdc)&amount=1000")
            #expect(response.status == .serviceUnavailable)
            #expect(response.errorCode == "ROUTER_UNAVAILABLE")
        }
    }
}
