import DEXMath
import Market

/// The market as the router searches it: tokens and pools by dense index, and for every token
/// the pools that trade it. A value type: a quote holds one version while the next is built,
/// so updates never block or tear a quote in flight.
public struct PoolGraph: Sendable {
    public struct Vertex: Sendable, Hashable {
        public var token: Token
        /// Pools trading this token, as directed edges out of it.
        var edges: [Edge]
    }

    /// A pool leaving a token: `zeroForOne` when the token is the pool's token0.
    struct Edge: Sendable, Hashable {
        var pool: Int32
        var to: Int32
        var zeroForOne: Bool
    }

    public struct Node: Sendable, Hashable {
        public var address: Address
        public var token0: Int32
        public var token1: Int32
        public var state: Pool
        /// Upper bounds of the marginal exchange rate, fee included, in each direction: no
        /// amount swapped through the pool ever gets a better rate.
        var rateZeroForOne: RateBound
        var rateOneForZero: RateBound
        /// Upper bounds of all the output token the pool could ever pay out in each direction.
        var capacityZeroForOne: RateBound
        var capacityOneForZero: RateBound
    }

    public let chainId: UInt64
    public private(set) var sequence: UInt64
    public private(set) var vertices: [Vertex] = []
    public private(set) var nodes: [Node] = []
    var tokenIndex: [Address: Int32] = [:]
    var poolIndex: [Address: Int32] = [:]
    /// Belongs to this version only: `applying` gives the next version a fresh one.
    private(set) var rateTables = RateTableCache()
    /// Per concentrated pool, by index: replaced with the pool, shared with later versions otherwise.
    private(set) var swapLadders: [SwapLadderCache?] = []
    /// `swapLadders` without their reference counts, for the hops of every search and
    /// valuation: retaining a hub pool's cache for each hop, from every core at once, makes
    /// its count's cache line travel between the cores. `swapLadders` keeps each one alive
    /// as long as this graph value.
    private var unretainedLadders: [Unmanaged<SwapLadderCache>?] = []
    let ladderBudget: LadderBudget

    public init(snapshot: MarketSnapshot) {
        self.init(snapshot: snapshot, ladderBudget: LadderBudget())
    }

    init(snapshot: MarketSnapshot, ladderBudget: LadderBudget) {
        chainId = snapshot.chainId
        sequence = snapshot.sequence
        self.ladderBudget = ladderBudget
        merge(snapshot)
    }

    public var tokenCount: Int { vertices.count }
    public var poolCount: Int { nodes.count }

    public func tokenIndex(of address: Address) -> Int32? { tokenIndex[address] }
    public func poolIndex(of address: Address) -> Int32? { poolIndex[address] }
    public func token(_ index: Int32) -> Token { vertices[Int(index)].token }
    public func node(_ index: Int32) -> Node { nodes[Int(index)] }

    /// A new version with `changes` applied: the listed pools replaced (or added) whole, new
    /// tokens added, everything else shared with this version.
    public func applying(_ changes: MarketSnapshot) -> PoolGraph {
        var next = self
        next.rateTables = RateTableCache()
        next.merge(changes)
        next.sequence = max(sequence, changes.sequence)
        return next
    }

    mutating func merge(_ snapshot: MarketSnapshot) {
        for token in snapshot.tokens where tokenIndex[token.address] == nil {
            tokenIndex[token.address] = Int32(vertices.count)
            vertices.append(Vertex(token: token, edges: []))
        }
        for pool in snapshot.pools {
            guard let t0 = tokenIndex[pool.token0], let t1 = tokenIndex[pool.token1] else { continue }
            let (up, down) = Self.rateBounds(pool.state)
            let (capacityUp, capacityDown) = Self.capacities(pool.state)
            let node = Node(address: pool.address, token0: t0, token1: t1, state: pool.state, rateZeroForOne: up, rateOneForZero: down,
                            capacityZeroForOne: capacityUp, capacityOneForZero: capacityDown)
            if let existing = poolIndex[pool.address] {
                nodes[Int(existing)] = node
                let cache = ladders(pool.state)
                swapLadders[Int(existing)] = cache
                unretainedLadders[Int(existing)] = cache.map(Unmanaged.passUnretained)
            } else {
                let index = Int32(nodes.count)
                poolIndex[pool.address] = index
                nodes.append(node)
                let cache = ladders(pool.state)
                swapLadders.append(cache)
                unretainedLadders.append(cache.map(Unmanaged.passUnretained))
                vertices[Int(t0)].edges.append(Edge(pool: index, to: t1, zeroForOne: true))
                vertices[Int(t1)].edges.append(Edge(pool: index, to: t0, zeroForOne: false))
            }
        }
    }

    /// The pool's ladder cache, to be used through `_withUnsafeGuaranteedRef` while this graph
    /// value is alive.
    @inline(__always)
    func ladders(of pool: Int32) -> Unmanaged<SwapLadderCache>? {
        unretainedLadders[Int(pool)]
    }

    private func ladders(_ state: Pool) -> SwapLadderCache? {
        if case .concentrated(let pool) = state { SwapLadderCache(pool, budget: ladderBudget) } else { nil }
    }

    func capacity(_ edge: Edge) -> RateBound {
        edge.zeroForOne ? nodes[Int(edge.pool)].capacityZeroForOne : nodes[Int(edge.pool)].capacityOneForZero
    }

    func rate(_ edge: Edge) -> RateBound {
        edge.zeroForOne ? nodes[Int(edge.pool)].rateZeroForOne : nodes[Int(edge.pool)].rateOneForZero
    }

    /// Marginal rates at the current price times (1 − fee), rounded up. A pool without
    /// liquidity in any range gets zero: it cannot fill anything.
    static func rateBounds(_ pool: Pool) -> (zeroForOne: RateBound, oneForZero: RateBound) {
        let feeFactor = RateBound(UInt256(SwapMath.feeDenominator - UInt64(pool.fee)), rounding: .up)
            .divided(by: RateBound(UInt256(SwapMath.feeDenominator), rounding: .down), rounding: .up)
        switch pool {
        case .concentrated(let p):
            guard !p.ticks.isEmpty || p.liquidity > 0 else { return (.zero, .zero) }
            // price = sqrtPriceX96² / 2^192 (token1 per token0).
            let sqrtUp = RateBound(p.sqrtPriceX96, rounding: .up)
            let sqrtDown = RateBound(p.sqrtPriceX96, rounding: .down)
            let priceUp = sqrtUp.multiplied(by: sqrtUp, rounding: .up).scaled(byPowerOfTwo: -192)
            let priceDown = sqrtDown.multiplied(by: sqrtDown, rounding: .down).scaled(byPowerOfTwo: -192)
            return (priceUp.multiplied(by: feeFactor, rounding: .up),
                    RateBound.one.divided(by: priceDown, rounding: .up).multiplied(by: feeFactor, rounding: .up))
        case .constantProduct(let p):
            guard !p.reserve0.isZero, !p.reserve1.isZero else { return (.zero, .zero) }
            let r0 = (up: RateBound(p.reserve0, rounding: .up), down: RateBound(p.reserve0, rounding: .down))
            let r1 = (up: RateBound(p.reserve1, rounding: .up), down: RateBound(p.reserve1, rounding: .down))
            return (r1.up.divided(by: r0.down, rounding: .up).multiplied(by: feeFactor, rounding: .up),
                    r0.up.divided(by: r1.down, rounding: .up).multiplied(by: feeFactor, rounding: .up))
        }
    }
}

extension PoolGraph {
    /// What a pool holds for each direction, rounded up: a constant-product pool's reserve out;
    /// for a concentrated pool, token1 of every range below the price (paid out as it falls)
    /// and token0 of every range above it.
    static func capacities(_ pool: Pool) -> (zeroForOne: RateBound, oneForZero: RateBound) {
        switch pool {
        case .constantProduct(let p):
            return (RateBound(p.reserve1, rounding: .up), RateBound(p.reserve0, rounding: .up))
        case .concentrated(let p):
            guard let down = try? concentratedCapacity(p, zeroForOne: true),
                  let up = try? concentratedCapacity(p, zeroForOne: false) else { return (.infinity, .infinity) }
            return (RateBound(down, rounding: .up), RateBound(up, rounding: .up))
        }
    }

    /// Walks the ranges from the price outward, summing each range's reserve of the output token.
    static func concentratedCapacity(_ pool: ConcentratedPool, zeroForOne: Bool) throws(DEXMathError) -> UInt256 {
        var total = UInt256.zero
        var liquidity = pool.liquidity
        var price = pool.sqrtPriceX96
        let ticks = pool.ticks
        // Ticks at or below the current tick are below the price; the rest above.
        let split = ticks.firstIndex { $0.index > pool.tick } ?? ticks.count
        let order = zeroForOne ? Array((0..<split).reversed()) : Array(split..<ticks.count)
        for i in order {
            let boundary = try TickMath.sqrtPriceAtTick(ticks[i].index)
            if liquidity > 0 {
                total = try total + (zeroForOne
                    ? SqrtPriceMath.amount1Delta(boundary, price, liquidity: liquidity, roundUp: true)
                    : SqrtPriceMath.amount0Delta(price, boundary, liquidity: liquidity, roundUp: true))
            }
            let net = ticks[i].liquidityNet
            liquidity = try LiquidityMath.addDelta(liquidity, zeroForOne ? (net == .min ? net : -net) : net)
            price = boundary
        }
        if liquidity > 0 {
            // Liquidity reaching past the last tick runs to the end of the price range.
            let end = zeroForOne ? TickMath.minSqrtRatio : TickMath.maxSqrtRatio
            total = try total + (zeroForOne
                ? SqrtPriceMath.amount1Delta(end, price, liquidity: liquidity, roundUp: true)
                : SqrtPriceMath.amount0Delta(price, end, liquidity: liquidity, roundUp: true))
        }
        return total
    }

    /// The pool's mid price in the swap direction, without fee: token out per token in.
    func midRate(pool: Int32, zeroForOne: Bool) -> RateBound {
        switch nodes[Int(pool)].state {
        case .concentrated(let p):
            let sqrt = RateBound(p.sqrtPriceX96, rounding: .down)
            let price = sqrt.multiplied(by: sqrt, rounding: .down).scaled(byPowerOfTwo: -192)
            return zeroForOne ? price : RateBound.one.divided(by: price, rounding: .down)
        case .constantProduct(let p):
            let (r0, r1) = (RateBound(p.reserve0, rounding: .down), RateBound(p.reserve1, rounding: .down))
            return zeroForOne ? r1.divided(by: r0, rounding: .down) : r0.divided(by: r1, rounding: .down)
        }
    }
}
