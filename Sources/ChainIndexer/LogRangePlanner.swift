/// How many blocks the next `eth_getLogs` asks for. Providers cap ranges and result counts
/// differently and say so only by refusing, so the span halves on a refusal and doubles again
/// after a run of answers that came back comfortably small, never above the configured maximum.
public struct LogRangePlanner: Sendable, Hashable {
    public let maxSpan: UInt64
    public private(set) var span: UInt64
    /// Answers with at most this many logs count as quiet.
    public let quietLogCount: Int
    private var quietStreak = 0

    public init(maxSpan: UInt64, initialSpan: UInt64? = nil, quietLogCount: Int = 2_000) {
        self.maxSpan = max(1, maxSpan)
        self.span = min(self.maxSpan, max(1, initialSpan ?? maxSpan))
        self.quietLogCount = quietLogCount
    }

    /// The range to fetch next, starting at `from`, not past `limit`.
    public func range(from: UInt64, limit: UInt64) -> ClosedRange<UInt64> {
        from...min(limit, from + span - 1)
    }

    /// The provider refused the range: try half. False when a single block is already refused.
    public mutating func refused() -> Bool {
        quietStreak = 0
        guard span > 1 else { return false }
        span = max(1, span / 2)
        return true
    }

    public mutating func answered(logCount: Int) {
        guard logCount <= quietLogCount else {
            quietStreak = 0
            return
        }
        quietStreak += 1
        if quietStreak >= 2, span < maxSpan {
            span = min(maxSpan, span * 2)
            quietStreak = 0
        }
    }
}
