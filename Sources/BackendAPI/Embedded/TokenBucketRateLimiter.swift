import Synchronization

/// The embedded rate limiter: a token bucket per key refilled at `perMinute / 60` per second up
/// to `burst`. Buckets idle long enough to be full again are forgotten.
public final class TokenBucketRateLimiter: RateLimiter {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let buckets = Mutex([String: Bucket]())
    private let perSecond: Double
    private let burst: Int
    private let clock: @Sendable () -> ContinuousClock.Instant

    public init(perMinute: Int, burst: Int, clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        perSecond = Double(perMinute) / 60
        self.burst = burst
        self.clock = clock
    }

    public var kind: String { "in-process" }

    public func take(_ key: String) async -> RateLimitDecision {
        let now = clock()
        return buckets.withLock { buckets in
            if buckets.count > 100_000 { forgetFull(&buckets, now: now) }
            var bucket = buckets[key] ?? Bucket(tokens: Double(burst), updated: now)
            bucket.tokens = min(Double(burst), bucket.tokens + elapsed(bucket.updated, now) * perSecond)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[key] = bucket
            let wait = allowed || perSecond == 0 ? 0 : Int(((1 - bucket.tokens) / perSecond).rounded(.up))
            return RateLimitDecision(allowed: allowed, limit: burst, remaining: Int(bucket.tokens), retryAfterSeconds: max(allowed ? 0 : 1, wait))
        }
    }

    private func elapsed(_ from: ContinuousClock.Instant, _ to: ContinuousClock.Instant) -> Double {
        let duration = to - from
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func forgetFull(_ buckets: inout [String: Bucket], now: ContinuousClock.Instant) {
        buckets = buckets.filter { $0.value.tokens + elapsed($0.value.updated, now) * perSecond < Double(burst) }
    }
}
