import DEXMath

/// A pool's traded volume over the trailing 24 hours, exact in token units: trades enter as they
/// happen and leave once older than the window.
struct RollingVolume: Sendable {
    static let window: Int64 = 86_400

    private struct Trade: Sendable {
        var timestamp: Int64
        var volume0: UInt256
        var volume1: UInt256
        var volumeUsd: Double
        var feesUsd: Double
    }

    private var trades: [Trade] = []
    private var head = 0
    private(set) var volume0 = UInt256.zero
    private(set) var volume1 = UInt256.zero
    private(set) var volumeUsd = 0.0
    private(set) var feesUsd = 0.0
    var count: Int { trades.count - head }

    mutating func add(timestamp: Int64, volume0: UInt256, volume1: UInt256, volumeUsd: Double, feesUsd: Double) {
        trades.append(Trade(timestamp: timestamp, volume0: volume0, volume1: volume1, volumeUsd: volumeUsd, feesUsd: feesUsd))
        self.volume0 = (try? self.volume0 + volume0) ?? .max
        self.volume1 = (try? self.volume1 + volume1) ?? .max
        self.volumeUsd += volumeUsd
        self.feesUsd += feesUsd
    }

    /// Drops trades at or before `now - window`.
    mutating func advance(to now: Int64) {
        while head < trades.count, trades[head].timestamp <= now - Self.window {
            let old = trades[head]
            volume0 = (try? volume0 - old.volume0) ?? .zero
            volume1 = (try? volume1 - old.volume1) ?? .zero
            volumeUsd -= old.volumeUsd
            feesUsd -= old.feesUsd
            head += 1
        }
        if head == trades.count {
            // Float sums drift; an empty window is exactly zero.
            volumeUsd = 0
            feesUsd = 0
        }
        if head > 1024, head * 2 > trades.count {
            trades.removeFirst(head)
            head = 0
        }
    }
}
