import Foundation
import Hummingbird
import HummingbirdTesting
import ServiceKit
import Synchronization
import Testing

/// ServiceKit's shared HTTP behaviour: envelope, 404/413, health and readiness, HTTP metrics.
@Suite struct ServiceRouterTests {
    struct Thing: Decodable { var count: Int }

    final class Flag: Sendable {
        let value = Mutex(false)
    }

    static func app(metrics: MetricsRegistry, ready: Flag = Flag(), maxBodyBytes: Int = 256) -> some ApplicationProtocol {
        let router = ServiceRouter.make(metrics: metrics, maxBodyBytes: maxBodyBytes) {
            ready.value.withLock { $0 } ? .ready : .notReady(code: "WARMING_UP", reason: "cache not loaded")
        }
        router.get("/things/:id") { _, context in
            "thing \(context.parameters.get("id") ?? "")"
        }
        router.post("/things") { request, context in
            let thing = try await request.decodeJSON(as: Thing.self, maxBytes: maxBodyBytes)
            return "\(thing.count)"
        }
        router.get("/teapot") { _, _ -> String in
            throw APIError(status: .badRequest, code: "INVALID_TEA", message: "tea must be hot", details: ["field": "tea"])
        }
        router.get("/crash") { _, _ -> String in
            struct Secret: Error { var password = "hunter2" }
            throw Secret()
        }
        return Application(router: router)
    }

    static func envelope(_ response: TestResponse) throws -> APIError.Envelope {
        try JSONDecoder().decode(APIError.Envelope.self, from: Data(response.body.readableBytesView))
    }

    @Test func thrownErrorsBecomeTheEnvelope() async throws {
        try await Self.app(metrics: MetricsRegistry()).test(.router) { client in
            let teapot = try await client.execute(uri: "/teapot", method: .get)
            #expect(teapot.status == .badRequest)
            #expect(teapot.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(try Self.envelope(teapot) == .init(error: .init(code: "INVALID_TEA", message: "tea must be hot", details: ["field": "tea"])))

            let crash = try await client.execute(uri: "/crash", method: .get)
            #expect(crash.status == .internalServerError)
            #expect(try Self.envelope(crash).error.code == "INTERNAL")
            #expect(!String(buffer: crash.body).contains("hunter2"))
        }
    }

    @Test func badJSONIsAClientErrorNamingTheField() async throws {
        try await Self.app(metrics: MetricsRegistry()).test(.router) { client in
            let wrongType = try await client.execute(uri: "/things", method: .post, body: ByteBuffer(string: #"{"count":"many"}"#))
            #expect(wrongType.status == .badRequest)
            let error = try Self.envelope(wrongType).error
            #expect(error.code == "INVALID_REQUEST")
            #expect(error.details["field"] == "count")
            #expect(error.message == "count: expected an integer")

            let notJSON = try await client.execute(uri: "/things", method: .post, body: ByteBuffer(string: "{"))
            #expect(notJSON.status == .badRequest)
            #expect(try Self.envelope(notJSON).error.details["field"] == "body")
        }
    }

    @Test func unknownPathsAre404InTheEnvelope() async throws {
        try await Self.app(metrics: MetricsRegistry()).test(.router) { client in
            let response = try await client.execute(uri: "/nowhere?x=1", method: .get)
            #expect(response.status == .notFound)
            let error = try Self.envelope(response).error
            #expect(error.code == "NOT_FOUND")
            #expect(error.details["path"] == "/nowhere")
        }
    }

    @Test func bodiesOverTheLimitAre413() async throws {
        try await Self.app(metrics: MetricsRegistry(), maxBodyBytes: 64).test(.router) { client in
            let big = ByteBuffer(string: #"{"count": 1, "padding": ""# + String(repeating: "x", count: 200) + #""}"#)
            let response = try await client.execute(uri: "/things", method: .post, body: big)
            #expect(response.status == .contentTooLarge)
            let error = try Self.envelope(response).error
            #expect(error.code == "PAYLOAD_TOO_LARGE")
            #expect(error.details["limitBytes"] == "64")

            let small = try await client.execute(uri: "/things", method: .post, body: ByteBuffer(string: #"{"count": 3}"#))
            #expect(small.status == .ok)
            #expect(String(buffer: small.body) == "3")
        }
    }

    @Test func healthIsAlwaysOKAndReadinessFollowsTheService() async throws {
        let ready = Flag()
        try await Self.app(metrics: MetricsRegistry(), ready: ready).test(.router) { client in
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
            let notReady = try await client.execute(uri: "/ready", method: .get)
            #expect(notReady.status == .serviceUnavailable)
            #expect(try Self.envelope(notReady).error == .init(code: "WARMING_UP", message: "cache not loaded", details: [:]))
            ready.value.withLock { $0 = true }
            let nowReady = try await client.execute(uri: "/ready", method: .get)
            #expect(nowReady.status == .ok)
            #expect(String(buffer: nowReady.body) == #"{"status":"ready"}"#)
        }
    }

    @Test func requestsAreCountedByRoutePatternNotRawPath() async throws {
        let metrics = MetricsRegistry()
        try await Self.app(metrics: metrics).test(.router) { client in
            for id in ["1", "2", "3"] { _ = try await client.execute(uri: "/things/\(id)", method: .get) }
            _ = try await client.execute(uri: "/nowhere", method: .get)
            _ = try await client.execute(uri: "/teapot", method: .get)
        }
        let text = metrics.exposition()
        #expect(text.contains("# HELP http_requests_total "))
        #expect(text.contains("# TYPE http_requests_total counter"))
        #expect(text.contains(#"http_requests_total{method="GET",route="/things/{id}",status="200"} 3"#))
        #expect(text.contains(#"http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
        #expect(text.contains(#"http_requests_total{method="GET",route="/teapot",status="400"} 1"#))
        #expect(!text.contains("/things/1"))
        #expect(!text.contains("/nowhere"))
        #expect(text.contains("# HELP http_request_duration_seconds "))
        #expect(text.contains("# TYPE http_request_duration_seconds histogram"))
        #expect(text.contains(#"http_request_duration_seconds_count{method="GET",route="/things/{id}"} 3"#))
    }
}
