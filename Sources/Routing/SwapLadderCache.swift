import DEXMath
import Market
import Synchronization

/// The swap ladders of one concentrated pool state, walked lazily as far as quotes need them.
/// Quotes price the same deep pools at many amounts; each walk is shared by every later swap
/// through the pool until the pool changes (the graph then gives the pool a new cache).
///
/// Quotes read a ladder without a lock or a reference count: every walk is published once, as an
/// immutable snapshot that stays alive as long as the cache. On two cores serving quotes,
/// locking and retaining the same hub pools' ladders hundreds of times per quote made their
/// cache lines travel between the cores.
final class SwapLadderCache: Sendable {
    /// Steps walked the first time a direction is needed, doubled each time a swap goes further.
    static let initialSteps = 8
    /// Beyond this many steps (a swap far into a fine-spaced pool's empty words) swaps loop.
    static let maxSteps = 4096

    let pool: ConcentratedPool
    /// Shared by every ladder of the graph and the versions built from it.
    let budget: LadderBudget

    private final class Walk: Sendable {
        let ladder: SwapLadder
        init(_ ladder: SwapLadder) { self.ladder = ladder }
    }

    /// The address of the longest walk published in each direction, 0 for none (unretained:
    /// `published` owns it).
    private let zeroForOneWalk = Atomic<Int>(0)
    private let oneForZeroWalk = Atomic<Int>(0)
    /// Every walk published, kept until the cache goes so that no reader's walk is ever freed
    /// under it. Walks double, so together they hold about twice the longest; the budget
    /// counts every one of them.
    private let published = Mutex<[Walk]>([])

    init(_ pool: ConcentratedPool, budget: LadderBudget) {
        self.pool = pool
        self.budget = budget
    }

    deinit {
        let held = published.withLock { walks in walks.reduce(0) { $0 + $1.ladder.stepCount } }
        budget.give(held)
    }

    /// The swap read off the ladder into `swap` (see `SwapLadder.fill(_:exactInput:into:)`):
    /// `.filled` or `.cannotFill`, or nil where the swap loop must answer.
    func fill(zeroForOne: Bool, amount: UInt256, exactInput: Bool, into swap: inout SwapLadder.Swap) -> SwapLadder.Reach? {
        if let walk = latest(zeroForOne: zeroForOne) {
            let reach = Unmanaged<Walk>.fromOpaque(walk)._withUnsafeGuaranteedRef { $0.ladder.fill(amount, exactInput: exactInput, into: &swap) }
            if reach != .beyondWalk { return reach }
        }
        return extending(zeroForOne: zeroForOne, amount: amount, exactInput: exactInput, into: &swap)
    }

    /// Writes into `step` the partial step a swap ends with on the walk so far (see
    /// `SwapLadder.partialStep`); false where `fill` must answer.
    func partialStep(zeroForOne: Bool, amount: UInt256, exactInput: Bool, into step: inout SwapLadder.PartialStep) -> Bool {
        guard let walk = latest(zeroForOne: zeroForOne) else { return false }
        return Unmanaged<Walk>.fromOpaque(walk)._withUnsafeGuaranteedRef { $0.ladder.partialStep(amount, exactInput: exactInput, into: &step) }
    }

    private func latest(zeroForOne: Bool) -> UnsafeRawPointer? {
        UnsafeRawPointer(bitPattern: zeroForOne ? zeroForOneWalk.load(ordering: .acquiring) : oneForZeroWalk.load(ordering: .acquiring))
    }

    /// Walks on from the latest walk until the amount is reached or the walk cannot go on,
    /// publishing each longer walk the budget has room for.
    private func extending(zeroForOne: Bool, amount: UInt256, exactInput: Bool, into swap: inout SwapLadder.Swap) -> SwapLadder.Reach? {
        var ladder = latest(zeroForOne: zeroForOne).map { Unmanaged<Walk>.fromOpaque($0).takeUnretainedValue().ladder }
            ?? SwapLadder(pool, zeroForOne: zeroForOne)
        while true {
            let reach = ladder.fill(amount, exactInput: exactInput, into: &swap)
            guard reach == .beyondWalk else { return reach }
            guard !ladder.isComplete, !ladder.isStalled, ladder.stepCount < Self.maxSteps, budget.hasRoom else { return nil }
            ladder.extend(pool, by: max(Self.initialSteps, ladder.stepCount))
            publish(ladder, zeroForOne: zeroForOne)
        }
    }

    /// Concurrent quotes may walk the same steps; the longest walk is kept, if the budget has
    /// room for all its steps (a published walk holds its own copy of them).
    private func publish(_ ladder: SwapLadder, zeroForOne: Bool) {
        published.withLock { walks in
            let current = latest(zeroForOne: zeroForOne).map { Unmanaged<Walk>.fromOpaque($0).takeUnretainedValue().ladder.stepCount } ?? 0
            guard ladder.stepCount > current, budget.take(ladder.stepCount) else { return }
            let walk = Walk(ladder)
            walks.append(walk)
            let pointer = Int(bitPattern: Unmanaged.passUnretained(walk).toOpaque())
            if zeroForOne {
                zeroForOneWalk.store(pointer, ordering: .releasing)
            } else {
                oneForZeroWalk.store(pointer, ordering: .releasing)
            }
        }
    }
}

/// How many ladder steps a graph's pools may hold at once, across the versions built from it: a
/// quote for an absurd amount walks its pools to the end of their price range, and requests
/// could do that to every pool. Once the budget is spent, swaps beyond what is walked loop, as
/// they did before ladders; a changed pool's ladders return their steps.
final class LadderBudget: Sendable {
    /// About 250 MB at ~128 bytes a step; the whole 1,000-pool route-compare workload adds ~10 MB
    /// (peak RSS 32.7 MB against 22.5 MB for the market alone).
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
