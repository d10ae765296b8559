/// Retry delays for the state feed: exponential from `initial`, capped at `maximum`, with
/// "equal jitter" (half fixed, half random) so many router pods restarting together do not
/// hit the backend in lockstep, while no retry comes sooner than half the nominal delay.
public struct Backoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration = .milliseconds(250), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay before retry number `attempt` (1 for the first retry).
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let nominal = self.nominal(attempt: attempt)
        let half = nominal / 2
        let halfNanos = Int64(half / .nanoseconds(1))
        let jitter = halfNanos > 0 ? Int64.random(in: 0...halfNanos, using: &generator) : 0
        return half + .nanoseconds(jitter)
    }

    public func delay(attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(attempt: attempt, using: &generator)
    }

    /// initial·2^(attempt−1), capped.
    public func nominal(attempt: Int) -> Duration {
        let doublings = min(max(attempt - 1, 0), 30)
        let delay = initial * (1 << doublings)
        return delay > maximum ? maximum : delay
    }
}
