/// Exponential reconnect delays: `initial`, doubling per consecutive failure, capped at `maximum`.
public struct Backoff: Sendable, Equatable {
    public var initialMilliseconds: UInt64
    public var maximumMilliseconds: UInt64

    public init(initialMilliseconds: UInt64 = 100, maximumMilliseconds: UInt64 = 5_000) {
        self.initialMilliseconds = max(1, initialMilliseconds)
        self.maximumMilliseconds = max(self.initialMilliseconds, maximumMilliseconds)
    }

    /// The delay before attempt number `failures + 1`, after `failures` consecutive failures.
    public func delay(afterFailures failures: Int) -> UInt64 {
        guard failures > 0 else { return 0 }
        let shift = min(failures - 1, 32)
        let (scaled, overflow) = initialMilliseconds.multipliedReportingOverflow(by: 1 << UInt64(shift))
        return overflow ? maximumMilliseconds : min(scaled, maximumMilliseconds)
    }
}
