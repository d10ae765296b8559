// The reference router the engine is compared against: "exhaustive paths + Uniswap-SOR-style
// 5 % greedy split grid". It shares no code with `Routing`: it works on the snapshot's pools
// with Market's exact `ConcentratedPool.swap` / `ConstantProductPool.swap`.
//
// 1. Paths: every simple path (no token twice) of at most `maxHops` pools from tokenIn to
//    tokenOut, enumerated by depth-first search. No pruning by price, depth or TVL. The only
//    cut is structural: a branch that can no longer reach the other token within the hop limit
//    (hop distances by breadth-first search) holds no path, so it is not walked; and a prefix
//    that cannot fill any of the 20 amounts cannot be extended into a path that fills one.
// 2. Quotes: each path is quoted exactly at 5 %, 10 %, …, 100 % of the amount (amount · p / 100,
//    rounded down). The 20 amounts are pushed through the path hop by hop as the search walks
//    it, so a shared prefix is simulated once (the same numbers as quoting every path from
//    scratch, computed with fewer swaps). A hop that cannot fill its amount in full (partial
//    fill, zero output) makes that percentage unusable for the path, as in the engine.
// 3. Splits: Uniswap's smart-order-router `getBestSwapRouteBy`: for each percentage, the paths
//    sorted by quote; a breadth-first queue seeded with the best (and second-best) path at each
//    percentage; each layer adds one more path at a percentage no larger than the last one
//    added, always the best path at that percentage that shares no pool with the paths already
//    in the combination (`findFirstRouteNotUsingUsedPools`); combinations reaching 100 % with
//    at most `maxSplits` paths are compared by the sum of their grid quotes. Overlapping
//    combinations are therefore skipped, as in SOR, which is also why summing the legs'
//    independent quotes is exact. Two deliberate differences from SOR: gas is ignored (the
//    comparison sets the engine's gas price to zero too), and SOR's early exit ("stop at 3
//    splits if the best so far is a single route") is left out, so the baseline explores every
//    layer up to `maxSplits` — a slightly stronger baseline.
// 4. The chosen combination is re-simulated with leg amounts that add up to the request
//    exactly (the rounding remainder goes to the largest leg), so the reported totals are what
//    the routes would really move.

import DEXMath
import Market

public struct BaselineRouter: Sendable {
    struct Edge: Sendable {
        var pool: Int32
        var to: Int32
        /// The edge's source token is the pool's token0.
        var fromToken0: Bool
    }

    public let tokens: [Address]
    let tokenIndex: [Address: Int32]
    public let poolAddresses: [Address]
    let pools: [Pool]
    let adjacency: [[Edge]]

    /// Percentages of the split grid.
    public static let percents = Array(stride(from: 5, through: 100, by: 5))

    public init(snapshot: MarketSnapshot) {
        var index: [Address: Int32] = [:]
        var tokens: [Address] = []
        for token in snapshot.tokens where index[token.address] == nil {
            index[token.address] = Int32(tokens.count)
            tokens.append(token.address)
        }
        var adjacency = [[Edge]](repeating: [], count: tokens.count)
        var pools: [Pool] = []
        var addresses: [Address] = []
        for pool in snapshot.pools {
            guard let t0 = index[pool.token0], let t1 = index[pool.token1] else { continue }
            let p = Int32(pools.count)
            pools.append(pool.state)
            addresses.append(pool.address)
            adjacency[Int(t0)].append(Edge(pool: p, to: t1, fromToken0: true))
            adjacency[Int(t1)].append(Edge(pool: p, to: t0, fromToken0: false))
        }
        self.tokens = tokens
        self.tokenIndex = index
        self.pools = pools
        self.poolAddresses = addresses
        self.adjacency = adjacency
    }

    // MARK: Results

    public struct Leg: Sendable, Hashable {
        /// Pools in swap order.
        public var pools: [Address]
        public var percent: Int
        public var amountIn: UInt256
        public var amountOut: UInt256
    }

    public struct Result: Sendable {
        public var amountIn: UInt256
        public var amountOut: UInt256
        public var legs: [Leg]
        /// Simple paths of ≤ maxHops pools that fill at least one grid amount.
        public var paths: Int
        /// Exact single-pool swaps simulated.
        public var swaps: Int
        /// Combinations the split search evaluated at 100 %.
        public var combinations: Int
    }

    public enum Failure: Error, Sendable, Equatable {
        case unknownToken
        /// No path fills any combination summing to 100 %.
        case noRoute
    }

    // MARK: Quote

    public func quote(tokenIn: Address, tokenOut: Address, amount: UInt256, exactIn: Bool, maxHops: Int, maxSplits: Int) throws(Failure) -> Result {
        guard let source = tokenIndex[tokenIn], let target = tokenIndex[tokenOut], source != target else { throw .unknownToken }
        let grid = Self.percents.map { (try? FullMath.mulDiv(amount, UInt256(UInt64($0)), UInt256(100))) ?? .zero }

        // Enumerate and quote: exact input walks forward from tokenIn, exact output backward
        // from tokenOut (what must come out of the last pool fixes what goes into it).
        var walker = Walker(router: self, maxHops: maxHops, exactIn: exactIn,
                            distance: hopDistances(to: exactIn ? target : source, limit: maxHops))
        let start = exactIn ? source : target
        walker.walk(from: start, end: exactIn ? target : source, amounts: grid.map { $0.isZero ? nil : $0 })
        let quoted = walker.found

        // percentToSortedQuotes: per grid index, (path, quote) best first.
        var sorted: [[(path: Int, quote: UInt256)]] = Array(repeating: [], count: grid.count)
        for (p, path) in quoted.enumerated() {
            for k in grid.indices { if let q = path.quotes[k] { sorted[k].append((p, q)) } }
        }
        for k in sorted.indices {
            sorted[k].sort { exactIn ? $0.quote > $1.quote : $0.quote < $1.quote }
        }
        func better(_ a: UInt256, _ b: UInt256) -> Bool { exactIn ? a > b : a < b }

        let top = grid.count - 1
        var best: (legs: [(path: Int, k: Int)], quote: UInt256)?
        if let first = sorted[top].first { best = ([(first.path, top)], first.quote) }
        var combinations = best == nil ? 0 : 1

        if maxSplits > 1 {
            struct Node { var legs: [(path: Int, k: Int)]; var used: Set<Int32>; var k: Int; var remaining: Int; var quote: UInt256 }
            var queue: [Node] = []
            for k in stride(from: top, through: 0, by: -1) {
                for candidate in sorted[k].prefix(2) {
                    queue.append(Node(legs: [(candidate.path, k)], used: Set(quoted[candidate.path].pools), k: k,
                                      remaining: 100 - Self.percents[k], quote: candidate.quote))
                }
            }
            var splits = 1
            while !queue.isEmpty {
                splits += 1
                if splits > maxSplits { break }
                var next: [Node] = []
                for node in queue {
                    for k in stride(from: node.k, through: 0, by: -1) where Self.percents[k] <= node.remaining {
                        // The best path at this percentage sharing no pool with the combination.
                        guard let pick = sorted[k].first(where: { entry in
                            !quoted[entry.path].pools.contains { node.used.contains($0) }
                        }) else { continue }
                        let remaining = node.remaining - Self.percents[k]
                        let legs = node.legs + [(pick.path, k)]
                        let total = node.quote &+ pick.quote
                        if remaining == 0 {
                            combinations += 1
                            if best == nil || better(total, best!.quote) { best = (legs, total) }
                        } else {
                            next.append(Node(legs: legs, used: node.used.union(quoted[pick.path].pools), k: k, remaining: remaining, quote: total))
                        }
                    }
                }
                queue = next
            }
        }
        guard let chosen = best else { throw .noRoute }

        // Exact leg amounts: every leg its grid share, the largest gets the rounding remainder.
        let order = chosen.legs.indices.sorted { chosen.legs[$0].k > chosen.legs[$1].k }
        var amounts = chosen.legs.map { grid[$0.k] }
        let assigned = amounts.reduce(UInt256.zero) { $0 &+ $1 }
        amounts[order[0]] = amounts[order[0]] &+ (amount &- assigned)
        var swaps = walker.swaps
        var legs: [Leg] = []
        var totalIn = UInt256.zero, totalOut = UInt256.zero
        for (i, leg) in chosen.legs.enumerated() {
            let path = quoted[leg.path]
            guard let (amountIn, amountOut) = simulate(path, amount: amounts[i], exactIn: exactIn, swaps: &swaps) else { throw .noRoute }
            totalIn = totalIn &+ amountIn
            totalOut = totalOut &+ amountOut
            legs.append(Leg(pools: path.pools.map { poolAddresses[Int($0)] }, percent: Self.percents[leg.k], amountIn: amountIn, amountOut: amountOut))
        }
        return Result(amountIn: totalIn, amountOut: totalOut, legs: legs, paths: quoted.count, swaps: swaps, combinations: combinations)
    }

    // MARK: Path enumeration

    /// A complete path, pools in swap order (tokenIn → tokenOut), with its quote at each grid
    /// percentage: output for exact input, input for exact output; nil where it cannot fill.
    struct QuotedPath {
        var pools: [Int32]
        var tokens: [Int32]
        var quotes: [UInt256?]
    }

    struct Walker {
        let router: BaselineRouter
        let maxHops: Int
        let exactIn: Bool
        /// Hops from each token to the end token (Int.max: farther than maxHops).
        let distance: [Int]
        var found: [QuotedPath] = []
        var swaps = 0
        var tokens: [Int32] = []
        var pools: [Int32] = []

        init(router: BaselineRouter, maxHops: Int, exactIn: Bool, distance: [Int]) {
            self.router = router
            self.maxHops = maxHops
            self.exactIn = exactIn
            self.distance = distance
        }

        mutating func walk(from start: Int32, end: Int32, amounts: [UInt256?]) {
            tokens = [start]
            pools = []
            extend(end: end, amounts: amounts)
        }

        private mutating func extend(end: Int32, amounts: [UInt256?]) {
            let here = tokens.last!
            let hopsLeft = maxHops - pools.count
            for edge in router.adjacency[Int(here)] where !tokens.contains(edge.to) {
                let reachesEnd = edge.to == end
                // Only walk towards paths that exist: the end within the hops left.
                if !reachesEnd && (hopsLeft <= 1 || distance[Int(edge.to)] > hopsLeft - 1) { continue }
                // Forward (exact input): here → edge.to. Backward (exact output): the pool
                // swaps edge.to → here, so the direction is the edge's reverse.
                let zeroForOne = exactIn ? edge.fromToken0 : !edge.fromToken0
                var next: [UInt256?] = []
                next.reserveCapacity(amounts.count)
                var any = false
                for amount in amounts {
                    guard let amount else { next.append(nil); continue }
                    swaps += 1
                    let result = BaselineRouter.swap(router.pools[Int(edge.pool)], zeroForOne: zeroForOne, amount: amount, exactIn: exactIn)
                    next.append(result)
                    any = any || result != nil
                }
                guard any else { continue }
                tokens.append(edge.to)
                pools.append(edge.pool)
                if reachesEnd {
                    found.append(exactIn
                        ? QuotedPath(pools: pools, tokens: tokens, quotes: next)
                        : QuotedPath(pools: pools.reversed(), tokens: tokens.reversed(), quotes: next))
                } else {
                    extend(end: end, amounts: next)
                }
                tokens.removeLast()
                pools.removeLast()
            }
        }
    }

    /// Hop distance from every token to `end`, up to `limit` (farther: Int.max).
    func hopDistances(to end: Int32, limit: Int) -> [Int] {
        var distance = [Int](repeating: .max, count: tokens.count)
        distance[Int(end)] = 0
        var frontier = [end]
        var d = 0
        while !frontier.isEmpty && d < limit {
            d += 1
            var next: [Int32] = []
            for token in frontier {
                for edge in adjacency[Int(token)] where distance[Int(edge.to)] == .max {
                    distance[Int(edge.to)] = d
                    next.append(edge.to)
                }
            }
            frontier = next
        }
        return distance
    }

    // MARK: Exact simulation

    /// One exact swap: the output for `amount` in (exactIn) or the input for `amount` out
    /// (exactOut); nil when the pool cannot fill it in full or the output is zero.
    static func swap(_ pool: Pool, zeroForOne: Bool, amount: UInt256, exactIn: Bool) -> UInt256? {
        guard let specified = exactIn ? Int256(exactly: amount) : Int256.negative(magnitude: amount), !amount.isZero else { return nil }
        let paid: Int256, received: Int256
        switch pool {
        case .concentrated(let p):
            let limit = zeroForOne ? TickMath.minSqrtRatio &+ .one : TickMath.maxSqrtRatio &- .one
            guard let r = try? p.swap(zeroForOne: zeroForOne, amountSpecified: specified, sqrtPriceLimitX96: limit) else { return nil }
            (paid, received) = zeroForOne ? (r.amount0, r.amount1) : (r.amount1, r.amount0)
        case .constantProduct(let p):
            guard let r = try? p.swap(zeroForOne: zeroForOne, amountSpecified: specified) else { return nil }
            (paid, received) = zeroForOne ? (r.amount0, r.amount1) : (r.amount1, r.amount0)
        }
        let amountIn = paid.magnitude, amountOut = received.magnitude
        guard received.isNegative, !amountOut.isZero, (exactIn ? amountIn : amountOut) == amount else { return nil }
        return exactIn ? amountOut : amountIn
    }

    /// A whole path on the snapshot's state (legs of a combination share no pool, so each runs
    /// on the original state): (amountIn, amountOut), or nil when a hop cannot fill.
    func simulate(_ path: QuotedPath, amount: UInt256, exactIn: Bool, swaps: inout Int) -> (UInt256, UInt256)? {
        var value = amount
        if exactIn {
            for (i, pool) in path.pools.enumerated() {
                swaps += 1
                guard let out = Self.swap(pools[Int(pool)], zeroForOne: isToken0(path.tokens[i], pool), amount: value, exactIn: true) else { return nil }
                value = out
            }
            return (amount, value)
        } else {
            for i in stride(from: path.pools.count - 1, through: 0, by: -1) {
                swaps += 1
                let pool = path.pools[i]
                guard let input = Self.swap(pools[Int(pool)], zeroForOne: isToken0(path.tokens[i], pool), amount: value, exactIn: false) else { return nil }
                value = input
            }
            return (value, amount)
        }
    }

    /// Whether `token` is token0 of `pool` (the pool's edge from it says so).
    func isToken0(_ token: Int32, _ pool: Int32) -> Bool {
        adjacency[Int(token)].first { $0.pool == pool }!.fromToken0
    }
}
