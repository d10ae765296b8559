import DataLoop

/// How long the ingest loop waits before restarting a failed source: doubling while the source
/// keeps failing without getting anything committed, back to the first step once a run made
/// progress, so one outage after a day of healthy ingestion is retried as fast as the first.
struct RestartPolicy: Sendable {
    var backoff = Backoff(initialMilliseconds: 1_000, maximumMilliseconds: 30_000)
    private(set) var failuresInARow = 0

    /// Records a failed run and returns the wait before the next one.
    mutating func delay(afterFailureWithProgress madeProgress: Bool) -> Duration {
        failuresInARow = madeProgress ? 1 : failuresInARow + 1
        return .milliseconds(backoff.delay(afterFailures: failuresInARow))
    }

    /// A run that ended without error (leadership lost or handed over).
    mutating func reset() {
        failuresInARow = 0
    }
}
