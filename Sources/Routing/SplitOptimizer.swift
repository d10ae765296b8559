import DEXMath

/// Divides an amount among up to `maxSplits` candidate paths so that the total, net of gas, is
/// as good as the paths' concave outputs allow: the optimum equalises marginal rates, so
/// allocate chunks greedily by marginal gain, then refine by moving ever smaller amounts from
/// the path that loses least to the path that gains most, down to half a basis point.
///
/// Values are scores to maximise: output minus gas for exact input, minus (input plus gas) for
/// exact output. Paths that share a pool are valued together, executed largest first as the
/// quote will execute them, so the second sees what the first did to the pool; paths that
/// share nothing are valued on their own and their values reused.
struct SplitOptimizer {
    let candidates: [Path]
    let type: TradeType
    let total: UInt256
    let maxSplits: Int
    let simulator: PathSimulator
    /// Gas units → value in the quote token.
    let gasValue: (UInt64) -> UInt256
    /// overlaps[i][j]: candidates i and j have a pool in common.
    private let overlaps: [[Bool]]

    /// Scores of groups of legs that share pools, by their (candidate, amount) lists.
    /// The greedy phase hands out the amount in this many chunks.
    static let chunks: UInt64 = 10

    private var memo: [[Leg]: Int256?] = [:]
    private(set) var simulations = 0

    struct Leg: Hashable {
        var candidate: Int
        var amount: UInt256
    }

    init(candidates: [Path], type: TradeType, total: UInt256, maxSplits: Int, simulator: PathSimulator, gasValue: @escaping (UInt64) -> UInt256) {
        self.candidates = candidates
        self.type = type
        self.total = total
        self.maxSplits = maxSplits
        self.simulator = simulator
        self.gasValue = gasValue
        overlaps = candidates.map { a in candidates.map { b in a.sharesPool(with: b) } }
        singles = Array(repeating: [:], count: candidates.count)
    }

    /// Scores of single legs by candidate and amount: a leg that shares no pool with the
    /// others is valued on its own, on the graph's state, without building its hops.
    private var singles: [[UInt256: Int256?]]

    private mutating func single(_ i: Int, _ amount: UInt256) -> Int256? {
        if amount.isZero { return .zero }
        if let known = singles[i][amount] { return known }
        simulations += 1
        var value: Int256?
        if let r = simulator.amounts(candidates[i], amount: amount, type: type) {
            value = QuoteEngine.score(amount: type == .exactIn ? r.amountOut : r.amountIn, gasUnits: r.gasUnits, type: type, gasValue: gasValue)
        }
        singles[i][amount] = .some(value)
        return value
    }

    /// Whether candidate `i` shares a pool with another candidate that `allocation` uses.
    private func overlapsActive(_ i: Int, in allocation: [UInt256]) -> Bool {
        for j in allocation.indices where j != i && !allocation[j].isZero && overlaps[i][j] { return true }
        return false
    }

    /// Score of sending `amount` along candidate `i` alone; nil when it cannot be filled.
    mutating func score(_ i: Int, _ amount: UInt256) -> Int256? {
        single(i, amount)
    }

    /// Score of a whole allocation: the sum over groups of pool-sharing legs.
    mutating func score(_ allocation: [UInt256]) -> Int256? {
        // Legs that share no pool with one another: the sum of their own scores.
        var disjoint = true
        for i in allocation.indices where !allocation[i].isZero && overlapsActive(i, in: allocation) { disjoint = false; break }
        if disjoint {
            var total = Int256.zero
            for i in allocation.indices where !allocation[i].isZero {
                guard let value = single(i, allocation[i]) else { return nil }
                total = total &+ value
            }
            return total
        }
        var remaining = allocation.indices.filter { !allocation[$0].isZero }
        var total = Int256.zero
        while let seed = remaining.first {
            // Grow the group of legs connected to `seed` by shared pools.
            var group = [seed]
            var frontier = [seed]
            remaining.removeFirst()
            while let i = frontier.popLast() {
                let joined = remaining.filter { overlaps[i][$0] }
                remaining.removeAll { joined.contains($0) }
                group += joined
                frontier += joined
            }
            guard let value = groupScore(group.sorted().map { Leg(candidate: $0, amount: allocation[$0]) }) else { return nil }
            total = total &+ value
        }
        return total
    }

    private mutating func groupScore(_ legs: [Leg]) -> Int256? {
        if legs.count == 1 { return single(legs[0].candidate, legs[0].amount) }
        if let known = memo[legs] { return known }
        simulations += legs.count
        var overlay = PoolOverlay()
        var value = Int256.zero
        for leg in legs.sorted(by: { $0.amount > $1.amount }) where !leg.amount.isZero {
            let outcome: PathSimulator.Outcome
            do throws(HopSimulator.Failure) {
                outcome = type == .exactIn
                    ? try simulator.exactIn(candidates[leg.candidate], amountIn: leg.amount, overlay: &overlay)
                    : try simulator.exactOut(candidates[leg.candidate], amountOut: leg.amount, overlay: &overlay)
            } catch {
                memo[legs] = .some(nil)
                return nil
            }
            guard let gas = Int256(exactly: gasValue(outcome.gasUnits)),
                  let amount = Int256(exactly: type == .exactIn ? outcome.amountOut : outcome.amountIn) else {
                memo[legs] = .some(nil)
                return nil
            }
            value = type == .exactIn ? value &+ amount &- gas : value &- amount &- gas
        }
        memo[legs] = .some(value)
        return value
    }

    /// Allocation per candidate (zero for unused ones), summing to `total`. Starting from the
    /// best single path `start`, only candidates whose first share would beat what that share
    /// earns on `start` can improve on it (the outputs are concave); when none can, the
    /// optimiser stops at once, which is the common case for trades on deep pools.
    mutating func optimise(from start: Int?) -> [UInt256] {
        var allocation = [UInt256](repeating: .zero, count: candidates.count)
        guard !candidates.isEmpty else { return allocation }
        var pool = Array(candidates.indices)
        if let start {
            allocation[start] = total
            let share = max(UInt256.one, (try? total / UInt256(1_000)) ?? .one)
            var gross = SplitOptimizer(candidates: candidates, type: type, total: total, maxSplits: maxSplits, simulator: simulator) { _ in .zero }
            var moved = allocation
            moved[start] = total &- share
            guard let staying = gross.score(allocation) else { return allocation }
            pool = [start] + candidates.indices.filter { j in
                guard j != start else { return false }
                var trial = moved
                trial[j] = share
                return gross.score(trial).map { $0 > staying } ?? false
            }
            simulations += gross.simulations
            if pool.count == 1 { return allocation }
            allocation[start] = .zero
        }

        // Greedy: chunks go one by one to the path that gains most from them.
        let chunks = Self.chunks
        let chunk = (try? total / UInt256(chunks)) ?? .zero
        if chunk.isZero {
            allocation[0] = total
            return allocation
        }
        for k in 0..<chunks {
            let piece = k == chunks - 1 ? total &- chunk &* UInt256(chunks - 1) : chunk
            let active = allocation.indices.filter { !allocation[$0].isZero }
            let eligible = active.count >= maxSplits ? active : pool
            var best: (index: Int, gain: Int256)?
            for i in eligible {
                guard let gain = marginalGain(i, in: allocation, by: piece) else { continue }
                if best == nil || gain > best!.gain { best = (i, gain) }
            }
            guard let winner = best else { return [] }
            allocation[winner.index] = allocation[winner.index] &+ piece
        }

        // Refine: move `step` from the path that loses least to the one that gains most.
        let finest = max(UInt256.one, (try? total / UInt256(20_000)) ?? .one)
        var step = chunk >> 1
        var moves = 0
        while step >= finest && moves < 200 {
            let active = allocation.indices.filter { !allocation[$0].isZero }
            let receivers = active.count >= maxSplits ? active : pool
            var gainer: (index: Int, gain: Int256)?
            for j in receivers {
                guard let gain = marginalGain(j, in: allocation, by: step) else { continue }
                if gainer == nil || gain > gainer!.gain { gainer = (j, gain) }
            }
            var loser: (index: Int, loss: Int256)?
            for i in active where allocation[i] >= step && i != gainer?.index {
                guard let loss = marginalLoss(i, in: allocation, by: step) else { continue }
                if loser == nil || loss < loser!.loss { loser = (i, loss) }
            }
            if let g = gainer, let l = loser, g.gain > l.loss {
                allocation[l.index] = allocation[l.index] &- step
                allocation[g.index] = allocation[g.index] &+ step
                moves += 1
            } else {
                step = step >> 1
            }
        }
        return allocation
    }

    /// score(allocation with i + d) − score(allocation); nil when that cannot be filled.
    private mutating func marginalGain(_ i: Int, in allocation: [UInt256], by d: UInt256) -> Int256? {
        if !overlapsActive(i, in: allocation) {
            // Only i's own leg changes.
            guard let gained = single(i, allocation[i] &+ d), let now = single(i, allocation[i]) else { return nil }
            return gained &- now
        }
        var after = allocation
        after[i] = after[i] &+ d
        guard let gained = score(after), let now = score(allocation) else { return nil }
        return gained &- now
    }

    /// score(allocation) − score(allocation with i − d).
    private mutating func marginalLoss(_ i: Int, in allocation: [UInt256], by d: UInt256) -> Int256? {
        if !overlapsActive(i, in: allocation) {
            guard let now = single(i, allocation[i]), let lost = single(i, allocation[i] &- d) else { return nil }
            return now &- lost
        }
        var after = allocation
        after[i] = after[i] &- d
        guard let now = score(allocation), let lost = score(after) else { return nil }
        return now &- lost
    }
}
