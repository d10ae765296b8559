import DEXMath

/// Divides an amount among up to `maxSplits` candidate paths so that the total, net of gas, is
/// as good as the paths' concave outputs allow: the optimum equalises marginal rates, so
/// allocate chunks greedily by marginal gain, then refine by moving ever smaller amounts from
/// the path that loses least to the path that gains most, down to half a basis point.
///
/// Values are scores to maximise: output minus gas for exact input, minus (input plus gas) for
/// exact output. Paths that share a pool are valued together, executed largest first as the
/// quote will execute them, so the second sees what the first did to the pool; paths that
/// share nothing are valued on their own and their values reused. Values come from the
/// simulator it is given: the quote engine's estimates partial swap steps (`StepEstimate`), so
/// the allocation is ranked to within 10⁻¹², and the engine executes the chosen one exactly.
struct SplitOptimizer {
    let candidates: [Path]
    let type: TradeType
    let total: UInt256
    let maxSplits: Int
    let simulator: PathSimulator
    /// Gas units → value in the quote token.
    let gasValue: (UInt64) -> UInt256
    /// Bit j of overlaps[i]: candidates i and j have a pool in common (bit i included).
    private let overlaps: [UInt64]
    /// Candidates a split is chosen among at most: one bit each in `overlaps`.
    static let maxCandidates = UInt64.bitWidth

    /// The greedy phase hands out the amount in this many chunks.
    static let chunks: UInt64 = 10

    /// Scores of groups of legs that share pools.
    private var memo = SmallMemo<LegGroup, Int256?>()
    private(set) var simulations = 0

    struct Leg {
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
        precondition(candidates.count <= Self.maxCandidates, "at most \(Self.maxCandidates) split candidates")
        overlaps = candidates.map { a in
            candidates.indices.reduce(UInt64(0)) { mask, j in a.sharesPool(with: candidates[j]) ? mask | 1 << j : mask }
        }
        singles = Array(repeating: SmallMemo(), count: candidates.count)
    }

    /// Scores of single legs by candidate and amount: a leg that shares no pool with the
    /// others is valued on its own, on the graph's state, without building its hops.
    private var singles: [SmallMemo<UInt256, Int256?>]

    /// An optimiser for the same amount over `paths` (a second optimisation over a changed
    /// candidate set), starting with the single-leg scores this one worked out for the paths
    /// both have.
    func over(_ paths: [Path]) -> SplitOptimizer {
        var other = SplitOptimizer(candidates: paths, type: type, total: total, maxSplits: maxSplits, simulator: simulator, gasValue: gasValue)
        for (i, path) in paths.enumerated() {
            if let j = candidates.firstIndex(of: path) { other.singles[i] = singles[j] }
        }
        return other
    }

    /// While true (greedy and grid phases), a leg's score at a grid amount is read off its
    /// curve simulated at `sampleUnits` and interpolated linearly in between (concave samples
    /// give a concave curve, so the greedy water-filling stays optimal on it). Starts are then
    /// scored by simulation, and refinement simulates every amount it tries.
    private var approximate = false
    /// Grid amounts (in grid units) at which each candidate's curve is simulated.
    static let sampleUnits = [1, 2, 4, 6, 8, 10, 14, 20]
    private var gridUnitAmount: UInt256 = .zero
    /// gridAmounts[k]: k grid units (the total for all of them), for reading k back off an amount.
    private var gridAmounts: [UInt256] = []
    /// Each candidate's curve at the grid amounts, curve[i · (gridUnits + 1) + k], filled as
    /// the greedy and grid phases read it; bit k of curveKnown[i] marks a filled point. Reading
    /// the points in place spares every read the amount's division back into grid units and
    /// the memo scans for the samples around it.
    private var curve: [Int256] = []
    private var curveKnown: [UInt32] = []
    /// Bit k of curveFails[i]: candidate i cannot fill k grid units.
    private var curveFails: [UInt32] = []

    /// Grid units of the sample at or below (`sampleBelow`) and above (`sampleAbove`) each k.
    private static let sampleBelow = (0...gridUnits).map { k in sampleUnits.last { $0 <= k } ?? 0 }
    private static let sampleAbove = (0...gridUnits).map { k in sampleUnits.first { $0 > k } ?? gridUnits }

    /// Enters the approximate phases: the grid unit, its multiples and an empty curve.
    private mutating func startApproximating() {
        gridUnitAmount = (try? total / UInt256(UInt64(Self.gridUnits))) ?? .zero
        gridAmounts = (0...Self.gridUnits).map(gridAmount)
        if curve.isEmpty {
            curve = Array(repeating: .zero, count: candidates.count * (Self.gridUnits + 1))
            curveKnown = Array(repeating: 0, count: candidates.count)
            curveFails = Array(repeating: 0, count: candidates.count)
        }
        approximate = true
    }

    private mutating func single(_ i: Int, _ amount: UInt256) -> Int256? {
        if amount.isZero { return .zero }
        if approximate, let k = gridIndex(amount) { return curveValue(i, k) }
        return simulatedSingle(i, amount)
    }

    /// k when `amount` is k grid units (the total counts as all of them), else nil.
    private func gridIndex(_ amount: UInt256) -> Int? {
        if amount == total { return Self.gridUnits }
        guard !gridUnitAmount.isZero else { return nil }
        // Multiples of the unit ascend: a binary search among 1...gridUnits − 1.
        var low = 1
        var high = Self.gridUnits - 1
        while low <= high {
            let mid = (low + high) >> 1
            let candidate = gridAmounts[mid]
            if candidate == amount { return mid }
            if candidate < amount { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    private func gridAmount(_ k: Int) -> UInt256 {
        k == Self.gridUnits ? total : gridUnitAmount &* UInt256(UInt64(k))
    }

    /// Candidate i's score at k grid units: simulated at the samples, interpolated between.
    @inline(__always)
    private mutating func curveValue(_ i: Int, _ k: Int) -> Int256? {
        let bit: UInt32 = 1 << k
        if curveKnown[i] & bit == 0 { return newCurveValue(i, k) }
        return curveFails[i] & bit != 0 ? nil : curve[i &* (Self.gridUnits + 1) &+ k]
    }

    @inline(never)
    private mutating func newCurveValue(_ i: Int, _ k: Int) -> Int256? {
        let value = Self.sampleBelow[k] == k ? simulatedSingle(i, gridAmount(k)) : interpolated(i, k)
        setCurve(value, for: i, units: k)
        return value
    }

    private mutating func setCurve(_ value: Int256?, for i: Int, units k: Int) {
        curve[i &* (Self.gridUnits + 1) &+ k] = value ?? .zero
        curveKnown[i] |= 1 << k
        if value == nil { curveFails[i] |= 1 << k }
    }

    private mutating func interpolated(_ i: Int, _ k: Int) -> Int256? {
        let lo = Self.sampleBelow[k]
        let hi = Self.sampleAbove[k]
        guard let low = curveValue(i, lo) else { return nil }
        // A failure between the samples is not located by them: simulate k itself.
        guard let high = curveValue(i, hi) else { return simulatedSingle(i, gridAmount(k)) }
        let diff = high &- low
        guard let step = try? diff.magnitude &* UInt256(UInt64(k - lo)) / UInt256(UInt64(hi - lo)),
              let delta = Int256(exactly: step) else { return simulatedSingle(i, gridAmount(k)) }
        return diff.isNegative ? low &- delta : low &+ delta
    }

    private mutating func simulatedSingle(_ i: Int, _ amount: UInt256) -> Int256? {
        if amount.isZero { return .zero }
        if let known = singles[i].value(for: amount) { return known }
        simulations += 1
        var value: Int256?
        if let r = simulator.amounts(candidates[i], amount: amount, type: type) {
            value = QuoteEngine.score(amount: type == .exactIn ? r.amountOut : r.amountIn, gasUnits: r.gasUnits, type: type, gasValue: gasValue)
        }
        singles[i].record(value, for: amount)
        return value
    }

    /// Whether candidate `i` shares a pool with another candidate that `allocation` uses.
    private func overlapsActive(_ i: Int, in allocation: [UInt256]) -> Bool {
        overlaps[i] & Self.active(allocation) & ~(1 << i) != 0
    }

    private func overlap(_ i: Int, _ j: Int) -> Bool {
        overlaps[i] & 1 << j != 0
    }

    /// Bit i set when the allocation gives candidate i a share.
    private static func active(_ allocation: [UInt256]) -> UInt64 {
        var mask: UInt64 = 0
        for i in allocation.indices where !allocation[i].isZero { mask |= 1 << i }
        return mask
    }

    /// Score of sending `amount` along candidate `i` alone; nil when it cannot be filled.
    mutating func score(_ i: Int, _ amount: UInt256) -> Int256? {
        single(i, amount)
    }

    /// Score of a whole allocation: the sum over groups of pool-sharing legs.
    mutating func score(_ allocation: [UInt256]) -> Int256? {
        var remaining = Self.active(allocation)
        var total = Int256.zero
        while remaining != 0 {
            // Grow the group of legs connected to the first remaining one by shared pools.
            let seed = remaining.trailingZeroBitCount
            var group: UInt64 = 1 << seed
            var frontier = group
            while frontier != 0 {
                let i = frontier.trailingZeroBitCount
                frontier &= frontier &- 1
                let joined = overlaps[i] & remaining & ~group
                group |= joined
                frontier |= joined
            }
            remaining &= ~group
            let value: Int256?
            if group.nonzeroBitCount == 1 {
                value = single(seed, allocation[seed])
            } else {
                var legs = LegGroup()
                var members = group
                while members != 0 {
                    let i = members.trailingZeroBitCount
                    members &= members &- 1
                    legs.append(candidate: i, amount: allocation[i])
                }
                value = groupScore(legs)
            }
            guard let value else { return nil }
            total = total &+ value
        }
        return total
    }

    private mutating func groupScore(_ legs: LegGroup) -> Int256? {
        if legs.count == 1 { return single(legs[0].candidate, legs[0].amount) }
        if let known = memo.value(for: legs) { return known }
        simulations += legs.count
        let pooling = sharing(legs)
        // Legs that swap a pool both ways need its moved state; otherwise the pools' running totals do.
        var overlay = PoolOverlay()
        var fills = SharedPoolFills()
        var value = Int256.zero
        var done = 0
        // Largest first, as the quote executes them: at most maxSplits legs, so a selection
        // without sorting a copy.
        for _ in legs.indices {
            var next = -1
            for k in legs.indices where done & 1 << k == 0 && (next < 0 || legs[k].amount > legs[next].amount) { next = k }
            done |= 1 << next
            let leg = legs[next]
            if leg.amount.isZero { continue }
            let path = candidates[leg.candidate]
            guard let r = pooling.oneWay
                    ? simulator.amounts(path, amount: leg.amount, type: type, fills: &fills, shared: pooling.shared)
                    : simulator.amounts(path, amount: leg.amount, type: type, overlay: &overlay, shared: pooling.shared),
                  let gas = Int256(exactly: gasValue(r.gasUnits)),
                  let amount = Int256(exactly: type == .exactIn ? r.amountOut : r.amountIn) else {
                memo.record(nil, for: legs)
                return nil
            }
            value = type == .exactIn ? value &+ amount &- gas : value &- amount &- gas
        }
        memo.record(value, for: legs)
        return value
    }

    /// The pools that more than one of the legs' candidates swap through, and whether every
    /// such pool is swapped the same way by all of them: a property of the candidates alone,
    /// worked out once per group.
    private mutating func sharing(_ legs: LegGroup) -> Sharing {
        let group = legs.members
        if let known = sharings.value(for: group) { return known }
        var seen: [(pool: Int32, zeroForOne: Bool)] = []
        seen.reserveCapacity(legs.count * QuoteRequest.maxHopsLimit)
        var result = Sharing(shared: [], oneWay: true)
        result.shared.reserveCapacity(QuoteRequest.maxHopsLimit)
        for position in legs.indices {
            let path = candidates[legs[position].candidate]
            for (i, pool) in path.pools.enumerated() {
                let zeroForOne = simulator.zeroForOne(path, hop: i)
                if let earlier = seen.first(where: { $0.pool == pool }) {
                    result.shared.append(pool)
                    result.oneWay = result.oneWay && earlier.zeroForOne == zeroForOne
                } else {
                    seen.append((pool, zeroForOne))
                }
            }
        }
        sharings.record(result, for: group)
        return result
    }

    struct Sharing {
        var shared: [Int32]
        var oneWay: Bool
    }

    /// `sharing` by group of candidates (a bit mask).
    private var sharings = SmallMemo<UInt64, Sharing>()

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

        let chunks = Self.chunks
        startApproximating()
        // Two grid units (not total / chunks), so the greedy's amounts, the grid's and the
        // refinement's first steps coincide and their scores are simulated once.
        let chunk = gridUnitAmount &* UInt256(UInt64(Self.gridUnits) / chunks)
        if chunk.isZero {
            allocation[0] = total
            return allocation
        }
        // Among pool-disjoint candidates the grid below already water-fills every combination
        // of up to maxSplits of them: the greedy adds a start only when candidates share pools.
        let anyOverlap = pool.contains { i in pool.contains { j in j != i && overlap(i, j) } }
        let greedy = anyOverlap ? greedyAllocation(pool, chunk: chunk) : nil

        // Grid: the best allocation on a 1/20 grid over pool-disjoint combinations of at most
        // maxSplits candidates, from each candidate's simulated scores at the grid amounts (the
        // baseline's search, on these candidates). A start the greedy cannot get stuck in.
        let grid = gridAllocation(pool)
        approximate = false
        let starts = [greedy, grid].compactMap { $0 }
        var bestStart: (allocation: [UInt256], score: Int256)?
        for candidate in starts {
            guard let value = score(candidate) else { continue }
            if bestStart == nil || value > bestStart!.score { bestStart = (candidate, value) }
        }
        guard let chosen = bestStart else { return [] }
        return refine(chosen.allocation, score: chosen.score, receivers: pool)
    }

    /// The best allocation on the grid over pool-disjoint combinations of all the candidates,
    /// refined, when it scores above `bar` (the split it would replace); nil otherwise. No
    /// greedy start: for candidates that recombine a split's pools, what pays is a disjoint
    /// pairing, and the grid tries every one.
    mutating func disjointSplit(beating bar: Int256) -> [UInt256]? {
        startApproximating()
        guard !gridUnitAmount.isZero else { approximate = false; return nil }
        let all = Array(candidates.indices)
        let grid = gridAllocation(all)
        approximate = false
        guard let grid, let value = score(grid), value > bar else { return nil }
        return refine(grid, score: value, receivers: all)
    }

    /// Chunks handed out one by one to the candidate that gains most from them, the last one
    /// taking the remainder; nil when some chunk fits no candidate. It can paint itself into a
    /// corner (maxSplits paths chosen, none of which takes another chunk well).
    private mutating func greedyAllocation(_ pool: [Int], chunk: UInt256) -> [UInt256]? {
        let chunks = Self.chunks
        var current = [UInt256](repeating: .zero, count: candidates.count)
        var active: [Int] = []
        active.reserveCapacity(maxSplits)
        for k in 0..<chunks {
            let piece = k == chunks - 1 ? total &- chunk &* UInt256(chunks - 1) : chunk
            Self.activeLegs(of: current, into: &active)
            let eligible = active.count >= maxSplits ? active : pool
            var best: (index: Int, gain: Int256)?
            var now: Int256??
            for i in eligible {
                guard let gain = marginalGain(i, in: &current, by: piece, now: &now) else { continue }
                if best == nil || gain > best!.gain { best = (i, gain) }
            }
            guard let winner = best else { return nil }
            current[winner.index] = current[winner.index] &+ piece
        }
        return current
    }

    /// Moves `step` from the path that loses least to the one that gains most while that pays,
    /// halving the step from a grid unit down to 1/20,000 of the amount. `receivers` are the
    /// candidates that may take a share while fewer than maxSplits legs are active.
    private mutating func refine(_ start: [UInt256], score startScore: Int256, receivers pool: [Int]) -> [UInt256] {
        var allocation = start
        var current = startScore
        let finest = max(UInt256.one, (try? total / UInt256(20_000)) ?? .one)
        var step = gridUnitAmount
        var moves = 0
        let refinementStart = simulations
        var active: [Int] = []
        active.reserveCapacity(candidates.count)
        while !step.isZero && step >= finest && moves < 200 && simulations - refinementStart < Self.refinementSimulations {
            Self.activeLegs(of: allocation, into: &active)
            let receivers = active.count >= maxSplits ? active : pool
            var gainer: (index: Int, gain: Int256)?
            var now: Int256?? = .some(current)
            for j in receivers {
                guard let gain = marginalGain(j, in: &allocation, by: step, now: &now) else { continue }
                if gainer == nil || gain > gainer!.gain { gainer = (j, gain) }
            }
            var loser: (index: Int, loss: Int256)?
            for i in active where allocation[i] >= step && i != gainer?.index {
                guard let loss = marginalLoss(i, in: &allocation, by: step, now: current) else { continue }
                if loser == nil || loss < loser!.loss { loser = (i, loss) }
            }
            if let g = gainer, let l = loser, g.gain > l.loss {
                // Gain and loss were valued apart; legs sharing pools interact, so the move
                // is kept only if the whole allocation, valued as executed, improves.
                allocation[l.index] = allocation[l.index] &- step
                allocation[g.index] = allocation[g.index] &+ step
                if let value = score(allocation), value > current {
                    current = value
                    moves += 1
                    continue
                }
                allocation[l.index] = allocation[l.index] &+ step
                allocation[g.index] = allocation[g.index] &- step
            }
            step = step >> 1
        }
        return allocation
    }

    /// The candidates `allocation` gives a share, into a buffer the caller reuses.
    private static func activeLegs(of allocation: [UInt256], into active: inout [Int]) {
        active.removeAll(keepingCapacity: true)
        for i in allocation.indices where !allocation[i].isZero { active.append(i) }
    }

    /// Simulations allowed to refinement: the steps that matter come first (halving
    /// from a grid unit), and the last ones gain fractions of a basis point.
    static let refinementSimulations = 80

    /// The grid the `gridAllocation` search uses: 1/20 of the amount.
    static let gridUnits = 20

    /// Best allocation on the grid over pool-disjoint combinations of `pool`'s candidates: for
    /// every such combination of at most maxSplits, one grid unit each and the rest unit by
    /// unit to the leg that gains most (optimal on the grid for concave outputs). Scores are
    /// simulated or interpolated (`curveValue`) lazily, once per candidate and grid amount.
    private mutating func gridAllocation(_ pool: [Int]) -> [UInt256]? {
        let units = Self.gridUnits
        guard let unit = try? total / UInt256(UInt64(units)), !unit.isZero else { return nil }
        let n = pool.count
        var fill = WaterFill(positions: n)
        // Gross value (output, or minus input) of one grid unit per candidate: with outputs
        // concave (inputs convex) from zero, k units are worth at most k times that, so a
        // combination can score at most `units` times its members' best. Combinations that
        // cannot beat the best found are skipped (the best path's come first).
        var unitGross: [Int256?] = []
        unitGross.reserveCapacity(n)
        for (position, i) in pool.enumerated() {
            guard let r = simulator.amounts(candidates[i], amount: unit, type: type),
                  let gross = QuoteEngine.score(amount: type == .exactIn ? r.amountOut : r.amountIn, gasUnits: 0, type: type, gasValue: { _ in .zero }) else {
                unitGross.append(nil)
                record(nil, for: i, units: 1)
                fill.failsFrom[position] = 1
                continue
            }
            unitGross.append(gross)
            let net = QuoteEngine.score(amount: type == .exactIn ? r.amountOut : r.amountIn, gasUnits: r.gasUnits, type: type, gasValue: gasValue)
            record(net, for: i, units: 1)
            if net == nil { fill.failsFrom[position] = 1 }
        }
        simulations += n
        var best: (legs: [(Int, Int)], score: Int256)?
        func cannotWin(_ set: [Int]) -> Bool {
            guard let current = best?.score else { return false }
            var top: Int256?
            for c in set {
                guard let g = unitGross[c] else { return true }
                if top == nil || g > top! { top = g }
            }
            guard let top, let bound = try? Int256(Int64(units)) * top else { return false }
            return bound <= current
        }
        var members: [Int] = []
        members.reserveCapacity(3)
        // The legs being water-filled (at most three): shares and flags, values and gains.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 6) { counts in
            withUnsafeTemporaryAllocation(of: Int256.self, capacity: 6) { values in
                func consider(_ self_: inout SplitOptimizer) {
                    if cannotWin(members) { return }
                    guard let value = self_.waterFill(members, of: pool, &fill, counts: counts, values: values),
                          best == nil || value > best!.score else { return }
                    best = (members.indices.map { (members[$0], counts[$0]) }, value)
                }
                for a in 0..<n {
                    members.removeAll(keepingCapacity: true)
                    members.append(a)
                    consider(&self)
                    guard maxSplits >= 2 else { continue }
                    for b in (a + 1)..<n where !overlap(pool[a], pool[b]) {
                        members.append(b)
                        consider(&self)
                        if maxSplits >= 3 {
                            for c in (b + 1)..<n where !overlap(pool[a], pool[c]) && !overlap(pool[b], pool[c]) {
                                members.append(c)
                                consider(&self)
                                members.removeLast()
                            }
                        }
                        members.removeLast()
                    }
                }
            }
        }
        guard let chosen = best else { return nil }
        // Exact amounts: every leg its grid amount, the largest also the remainder.
        var allocation = [UInt256](repeating: .zero, count: candidates.count)
        var assigned = UInt256.zero
        for (c, k) in chosen.legs {
            allocation[pool[c]] = k == units ? total : unit &* UInt256(UInt64(k))
            assigned = assigned &+ allocation[pool[c]]
        }
        let largest = chosen.legs.max { $0.1 < $1.1 }!.0
        allocation[pool[largest]] = allocation[pool[largest]] &+ (total &- assigned)
        return allocation
    }

    /// The grid search's state: the first grid amount each candidate (by position in the
    /// grid's pool) could not fill; it fills no more either.
    struct WaterFill {
        var failsFrom: [Int]

        init(positions: Int) {
            failsFrom = Array(repeating: SplitOptimizer.gridUnits + 1, count: positions)
        }
    }

    /// The combination `members` (positions in `pool`, at most three) water-filled on the
    /// grid: one unit each, then unit by unit to the leg that gains most. Its score, with each
    /// leg's units in `counts[m]`; nil when a leg cannot fill even one unit (or the total,
    /// alone). Scratch, reused by every combination: counts[3 + m] is 1 while leg m can take
    /// another unit, values[m] its value, values[3 + m] the gain of one unit more. On buffers,
    /// the inner loop is the water-filling alone: as arrays, their uniqueness checks and
    /// optionals cost as much as the curve points it reads.
    private mutating func waterFill(_ members: [Int], of pool: [Int], _ fill: inout WaterFill,
                                    counts: UnsafeMutableBufferPointer<Int>, values: UnsafeMutableBufferPointer<Int256>) -> Int256? {
        let legs = members.count
        if legs == 1 {
            counts[0] = Self.gridUnits
            return gridValue(pool[members[0]], position: members[0], Self.gridUnits, &fill)
        }
        for (m, c) in members.enumerated() {
            guard let value = gridValue(pool[c], position: c, 1, &fill) else { return nil }
            let next = gridValue(pool[c], position: c, 2, &fill)
            counts[m] = 1
            counts[3 + m] = next == nil ? 0 : 1
            values[m] = value
            values[3 + m] = next.map { $0 &- value } ?? .zero
        }
        for _ in 0..<(Self.gridUnits - legs) {
            var winner = -1
            for m in 0..<legs where counts[3 + m] != 0 && (winner < 0 || values[3 + m] > values[3 + winner]) { winner = m }
            guard winner >= 0 else { return nil }
            let share = counts[winner] + 1
            let value = values[winner] &+ values[3 + winner]
            counts[winner] = share
            values[winner] = value
            if let next = gridValue(pool[members[winner]], position: members[winner], share + 1, &fill) {
                values[3 + winner] = next &- value
            } else {
                counts[3 + winner] = 0
            }
        }
        var total = Int256.zero
        for m in 0..<legs { total = total &+ values[m] }
        return total
    }

    private mutating func gridValue(_ candidate: Int, position: Int, _ k: Int, _ fill: inout WaterFill) -> Int256? {
        if k >= fill.failsFrom[position] { return nil }
        let value = curveValue(candidate, k)
        if value == nil { fill.failsFrom[position] = min(fill.failsFrom[position], k) }
        return value
    }

    /// A curve point simulated outside `curveValue` (the grid's first unit), kept for it and
    /// for the scores of single legs.
    private mutating func record(_ value: Int256?, for i: Int, units k: Int) {
        setCurve(value, for: i, units: k)
        if singles[i].value(for: gridAmount(k)) == nil { singles[i].record(value, for: gridAmount(k)) }
    }

    /// score(allocation with i + d) − score(allocation); nil when that cannot be filled.
    /// `now` is score(allocation), worked out by the first call that needs it and shared by
    /// the calls for the other candidates on the same allocation.
    /// `allocation` is changed while the change is valued and restored before returning.
    private mutating func marginalGain(_ i: Int, in allocation: inout [UInt256], by d: UInt256, now: inout Int256??) -> Int256? {
        if !overlapsActive(i, in: allocation) {
            // Only i's own leg changes.
            guard let gained = single(i, allocation[i] &+ d), let before = single(i, allocation[i]) else { return nil }
            return gained &- before
        }
        if now == nil { now = .some(score(allocation)) }
        let share = allocation[i]
        allocation[i] = share &+ d
        let gained = score(allocation)
        allocation[i] = share
        guard let gained, let before = now! else { return nil }
        return gained &- before
    }

    /// score(allocation) − score(allocation with i − d), `now` being score(allocation).
    private mutating func marginalLoss(_ i: Int, in allocation: inout [UInt256], by d: UInt256, now: Int256) -> Int256? {
        if !overlapsActive(i, in: allocation) {
            guard let before = single(i, allocation[i]), let lost = single(i, allocation[i] &- d) else { return nil }
            return before &- lost
        }
        let share = allocation[i]
        allocation[i] = share &- d
        let lost = score(allocation)
        allocation[i] = share
        guard let lost else { return nil }
        return now &- lost
    }
}
