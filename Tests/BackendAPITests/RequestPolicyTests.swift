import Foundation
import Hummingbird
import HummingbirdTesting
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
