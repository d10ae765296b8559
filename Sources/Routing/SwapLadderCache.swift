import DEXMath
import Market
import Synchronization

/// The swap ladders of one concentrated pool state, walked lazily as far as quotes need them.
/// Quotes price the same deep pools at many amounts; each walk is shared by every later swap
/// through the pool until the pool changes (the graph then gives the pool a new cache).
final class SwapLadderCache: Sendable {
    /// Steps walked the first time a direction is needed, doubled each time a swap goes further.
    static let initialSteps = 8
    /// Beyond this many steps (a swap far into a fine-spaced pool's empty words) swaps loop.
    static let maxSteps = 4096

    let pool: ConcentratedPool
    /// Zero-for-one first, then one-for-zero.
    private let ladders = Mutex<(SwapLadder?, SwapLadder?)>((nil, nil))

    init(_ pool: ConcentratedPool) {
        self.pool = pool
    }

    /// The swap's amounts read off the ladder, or nil where the swap loop must answer.
    func fill(zeroForOne: Bool, amount: UInt256, exactInput: Bool) -> SwapLadder.Fill? {
        var ladder = ladders.withLock { zeroForOne ? $0.0 : $0.1 } ?? SwapLadder(pool, zeroForOne: zeroForOne)
        while true {
            let fill = ladder.fill(amount, exactInput: exactInput)
            guard fill == .beyondWalk else { return fill }
            guard !ladder.isComplete, !ladder.isStalled, ladder.stepCount < Self.maxSteps else { return nil }
            ladder.extend(pool, by: max(Self.initialSteps, ladder.stepCount))
            // Concurrent quotes may walk the same steps; the longest walk is kept.
            ladders.withLock { stored in
                if zeroForOne {
                    if (stored.0?.stepCount ?? -1) < ladder.stepCount { stored.0 = ladder }
                } else if (stored.1?.stepCount ?? -1) < ladder.stepCount {
                    stored.1 = ladder
                }
            }
        }
    }
}
