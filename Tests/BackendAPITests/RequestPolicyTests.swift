import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Synchronization
import Testing
@testable import BackendAPI

@Suite("Backend REST: rate limit and CORS")
struct RequestPolicyTests {
    @Test("past the burst a client gets 429 with Retry-After; probes are never limited")
    func rateLimit() async throws {
        let fixture = try await BackendFixture.make(minutes: 1)
        let settings = try BackendFixture.settings(["RATE_LIMIT_PER_MINUTE": "60", "RATE_LIMIT_BURST": "3"])
        // A stopped clock: the bucket must not refill however slowly a loaded machine runs the test.
        let clock = TestClock()
        try await fixture.app(settings: settings, limiter: TokenBucketRateLimiter(perMinute: 60, burst: 3) { clock.now }).0.test(.router) { client in
            for _ in 0..<3 { #expect(try await client.get("/v1/stats").status == .ok) }
            let refused = try await client.get("/v1/stats")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "RATE_LIMITED")
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 >= 1)
            for _ in 0..<5 { #expect(try await client.get("/health").status == .ok) }
        }
    }

    @Test("the token bucket refills at its rate and keys clients apart")
    func tokenBucket() async throws {
        let clock = TestClock()
        let limiter = TokenBucketRateLimiter(perMinute: 60, burst: 2) { clock.now }
        #expect(await limiter.take("a").allowed)
        #expect(await limiter.take("a").allowed)
        let refused = await limiter.take("a")
        #expect(!refused.allowed)
        #expect(refused.retryAfterSeconds == 1)
        #expect(await limiter.take("b").allowed)
        clock.advance(.seconds(1))
        #expect(await limiter.take("a").allowed)
        #expect(!(await limiter.take("a").allowed))
    }

    @Test("CORS: allowed origins get the headers and preflights; others get none")
    func cors() async throws {
        let fixture = try await BackendFixture.make(minutes: 1)
        try await fixture.app(settings: try BackendFixture.settings(["CORS_ORIGINS": "https://app.example"])).0.test(.router) { client in
            let allowed = try await client.get("/v1/stats", headers: [.origin: "https://app.example"])
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://app.example")
            let other = try await client.get("/v1/stats", headers: [.origin: "https://evil.example"])
            #expect(other.headers[.accessControlAllowOrigin] == nil)
            let preflight = try await client.execute(uri: "/v1/quote", method: .options,
                                                     headers: [.origin: "https://app.example", .accessControlRequestMethod: "POST"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("POST") == true)
        }
    }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)
    var now: ContinuousClock.Instant { instant.withLock { $0 } }
    func advance(_ duration: Duration) { instant.withLock { $0 += duration } }
}

@Suite("Backend REST: the client address behind proxies")
struct ClientAddressTests {
    @Test("with no trusted proxy the header is ignored")
    func untrusted() {
        #expect(ClientAddress.resolve(forwardedFor: ["203.0.113.7"], peer: "10.0.0.5", trustedHops: 0) == "10.0.0.5")
    }

    @Test("behind one proxy the client is the entry it appended, whatever the client sent before it")
    func oneProxy() {
        #expect(ClientAddress.resolve(forwardedFor: ["203.0.113.7"], peer: "10.0.0.5", trustedHops: 1) == "203.0.113.7")
        #expect(ClientAddress.resolve(forwardedFor: ["198.51.100.1, 203.0.113.7"], peer: "10.0.0.5", trustedHops: 1) == "203.0.113.7")
        #expect(ClientAddress.resolve(forwardedFor: ["198.51.100.1", " 203.0.113.7 "], peer: "10.0.0.5", trustedHops: 1) == "203.0.113.7")
    }

    @Test("behind two proxies the client is second from the right; too few entries leave the peer")
    func twoProxies() {
        #expect(ClientAddress.resolve(forwardedFor: ["6.6.6.6, 203.0.113.7, 10.1.1.1"], peer: "10.0.0.5", trustedHops: 2) == "203.0.113.7")
        #expect(ClientAddress.resolve(forwardedFor: ["203.0.113.7"], peer: "10.0.0.5", trustedHops: 2) == "10.0.0.5")
        #expect(ClientAddress.resolve(forwardedFor: [], peer: "10.0.0.5", trustedHops: 1) == "10.0.0.5")
        #expect(ClientAddress.resolve(forwardedFor: [" , "], peer: nil, trustedHops: 1) == nil)
    }

    @Test("the limiter keys clients behind the ingress apart, and a forged prefix does not escape it")
    func limiterBehindIngress() async throws {
        let fixture = try await BackendFixture.make(minutes: 1)
        let settings = try BackendFixture.settings(["RATE_LIMIT_PER_MINUTE": "60", "RATE_LIMIT_BURST": "1", "TRUSTED_PROXY_HOPS": "1"])
        #expect(settings.rateLimit.trustedProxyHops == 1)
        let clock = TestClock()
        try await fixture.app(settings: settings, limiter: TokenBucketRateLimiter(perMinute: 60, burst: 1) { clock.now }).0.test(.router) { client in
            let expected: [(forwardedFor: String, status: HTTPResponse.Status)] = [
                ("203.0.113.7", .ok), ("198.51.100.1", .ok), ("203.0.113.7", .tooManyRequests), ("192.0.2.99, 203.0.113.7", .tooManyRequests),
            ]
            for (forwardedFor, status) in expected {
                let response = try await client.execute(uri: "/v1/stats", method: .get, headers: [HTTPField.Name("x-forwarded-for")!: forwardedFor])
                #expect(response.status == status, "X-Forwarded-For: \(forwardedFor)")
            }
        }
    }
}
