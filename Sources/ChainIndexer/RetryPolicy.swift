/// Exponential backoff with jitter for transient RPC failures (timeouts, 429, 5xx). The sleep is
/// injected so tests run the whole retry path with zero delay.
public struct RetryPolicy: Sendable {
    /// Attempts per request, across all endpoints, before the request fails.
    public var maxAttempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(maxAttempts: Int = 6, initialDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(10),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
    }

    /// Retries immediately: for tests.
    public static func immediate(maxAttempts: Int = 6) -> RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, initialDelay: .zero, maxDelay: .zero, sleep: { _ in try Task.checkCancellation() })
    }

    /// The wait before retry number `retry` (1-based): the doubling delay, capped, then scaled by
    /// a random factor in [0.5, 1] so clients that failed together do not retry together.
    public func delay(beforeRetry retry: Int) -> Duration {
        let doublings = min(retry - 1, 30)
        let uncapped = initialDelay * (1 << doublings)
        let capped = uncapped > maxDelay ? maxDelay : uncapped
        return capped * Double.random(in: 0.5...1.0)
    }
}
