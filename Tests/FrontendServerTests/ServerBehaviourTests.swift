import Foundation
import Hummingbird
import HummingbirdTesting
import ServiceKit
import Testing
@testable import FrontendServer

/// Config, health, metrics and the headers every response carries.
@Suite struct ServerBehaviourTests {
    @Test func configJSONComesFromTheSettings() async throws {
        try await TestSite.withClient { _, client in
            let response = try await client.execute(uri: "/config.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            #expect(response.headers[.cacheControl] == "no-cache")
            let config = try JSONDecoder().decode(RuntimeConfig.self, from: Data(response.body.readableBytesView))
            #expect(config == TestSite.runtime)
        }
    }

    @Test func healthAnswers() async throws {
        try await TestSite.withClient { _, client in
            let response = try await client.execute(uri: "/api/health", method: .get)
            #expect(response.status == .ok)
            #expect(response.text == #"{"status":"ok"}"#)
        }
    }

    @Test func securityHeadersOnFilesAndErrors() async throws {
        try await TestSite.withClient { _, client in
            for path in ["/", "/app.js", "/missing.js", "/config.json", "/%2e%2e/x"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(path)")
                #expect(response.headers[.init("X-Frame-Options")!] == "DENY", "\(path)")
                #expect(response.headers[.init("Referrer-Policy")!] == "strict-origin-when-cross-origin", "\(path)")
                let csp = try #require(response.headers[.contentSecurityPolicy], "\(path)")
                #expect(csp.contains("default-src 'self'"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(csp.contains("connect-src 'self' https://api.basebook.test wss://ws.basebook.test;"))
                #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"))
            }
        }
    }

    @Test func metricsCountRequestsOnTheSamePort() async throws {
        let site = try TestSite()
        defer { site.remove() }
        try await site.application().test(.router) { client in
            _ = try await client.execute(uri: "/", method: .get)
            _ = try await client.execute(uri: "/missing.js", method: .get)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType] == MetricsServer.contentType)
            #expect(metrics.text.contains(#"http_requests_total{method="GET",route="/",status="200"} 1"#))
            #expect(metrics.text.contains(#"http_requests_total{method="GET",route="/**",status="404"} 1"#))
        }
    }

    @Test func startingWithoutAnIndexFails() throws {
        let site = try TestSite()
        defer { site.remove() }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("index.html"))
        let settings = FrontendSettings(root: site.root.path)
        #expect(throws: FrontendServer.StartError.self) {
            _ = try FrontendServer(settings: settings, metrics: MetricsRegistry(), logger: .init(label: "test")).makeApplication()
        }
        let missing = FrontendSettings(root: site.base.appendingPathComponent("nowhere").path)
        #expect(throws: FrontendServer.StartError.self) {
            _ = try FrontendServer(settings: missing, metrics: MetricsRegistry(), logger: .init(label: "test")).makeApplication()
        }
    }
}
