/// Admission per client: a token bucket per key, atomic across replicas when shared (Redis).
public protocol RateLimiter: Sendable {
    var kind: String { get }
    func take(_ key: String) async -> RateLimitDecision
}

public struct RateLimitDecision: Sendable, Equatable {
    public var allowed: Bool
    public var limit: Int
    public var remaining: Int
    /// Whole seconds until a request would be admitted (0 when allowed).
    public var retryAfterSeconds: Int

    public init(allowed: Bool, limit: Int, remaining: Int, retryAfterSeconds: Int) {
        self.allowed = allowed
        self.limit = limit
        self.remaining = remaining
        self.retryAfterSeconds = retryAfterSeconds
    }
}
