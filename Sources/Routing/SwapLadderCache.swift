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
    /// Shared by every ladder of the graph and the versions built from it.
    let budget: LadderBudget
    /// Zero-for-one first, then one-for-zero.
    private let ladders = Mutex<(SwapLadder?, SwapLadder?)>((nil, nil))

    init(_ pool: ConcentratedPool, budget: LadderBudget) {
        self.pool = pool
        self.budget = budget
    }

    deinit {
        let held = ladders.withLock { ($0.0?.stepCount ?? 0) + ($0.1?.stepCount ?? 0) }
        budget.give(held)
    }

    /// The swap's amounts read off the ladder, or nil where the swap loop must answer.
    func fill(zeroForOne: Bool, amount: UInt256, exactInput: Bool) -> SwapLadder.Fill? {
        var ladder = ladders.withLock { zeroForOne ? $0.0 : $0.1 } ?? SwapLadder(pool, zeroForOne: zeroForOne)
        while true {
            let fill = ladder.fill(amount, exactInput: exactInput)
            guard fill == .beyondWalk else { return fill }
            guard !ladder.isComplete, !ladder.isStalled, ladder.stepCount < Self.maxSteps, budget.hasRoom else { return nil }
            ladder.extend(pool, by: max(Self.initialSteps, ladder.stepCount))
            // Concurrent quotes may walk the same steps; the longest walk is kept, if the
            // budget has room for the steps it adds.
            ladders.withLock { stored in
                let current = (zeroForOne ? stored.0 : stored.1)?.stepCount ?? 0
                guard ladder.stepCount > current, budget.take(ladder.stepCount - current) else { return }
                if zeroForOne { stored.0 = ladder } else { stored.1 = ladder }
            }
        }
    }
}

/// How many ladder steps a graph's pools may hold at once, across the versions built from it: a
/// quote for an absurd amount walks its pools to the end of their price range, and requests
/// could do that to every pool. Once the budget is spent, swaps beyond what is walked loop, as
/// they did before ladders; a changed pool's ladders return their steps.
final class LadderBudget: Sendable {
    /// About 250 MB at ~128 bytes a step; the whole 1,000-pool benchmark workload adds ~7 MB.
    static let defaultSteps = 2_000_000

    private let available: Mutex<Int>

    init(steps: Int = LadderBudget.defaultSteps) {
        available = Mutex(steps)
    }

    var hasRoom: Bool { available.withLock { $0 > 0 } }

    var remaining: Int { available.withLock { $0 } }

    func take(_ steps: Int) -> Bool {
        available.withLock { available in
            guard available >= steps else { return false }
            available -= steps
            return true
        }
    }

    func give(_ steps: Int) {
        available.withLock { $0 += steps }
    }
}
