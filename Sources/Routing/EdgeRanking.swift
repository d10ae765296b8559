import DEXMath
import Synchronization

/// A token's pools ranked for one search's fixed end: best rate bound to the end first, so a
/// search expanding the token can stop at the first pool whose bound cannot beat the paths it
/// already has, instead of bounding every pool of a hub token at every visit.
///
/// Exact input ranks the pools leaving a token by (pool rate) × (best rate onward to the
/// target); exact output ranks the pools arriving at a token by (pool rate) × (best rate from
/// the source). Both are upper bounds of any path's rate through the pool, so once the amount
/// times the key cannot beat the bar, no pool further down the list can. Built lazily per
/// token and hops left, and kept with the graph version's rate tables: every search toward the
/// same end on this version shares it.
final class EdgeRanking: Sendable {
    struct Ranked: Sendable {
        var edge: PoolGraph.Edge
        /// Upper bound of the rate of any path through the pool to (from) the fixed end.
        var key: RateBound
        /// Exact input: upper bound of what any amount through the pool can deliver at the
        /// target (the pool's capacity carried on at the best rate onward, capped by what the
        /// pools beyond can deliver). Exact output: what the pool can pay out.
        var cap: RateBound
    }

    /// One token's pools for one number of hops left. Published once and never changed, kept
    /// as long as the ranking: searches read them without a lock or a reference count, since
    /// every search toward the same end, on every core, reads the same hub tokens' lists.
    final class Lists: Sendable {
        /// Pools straight into the target (from the source): one simulation completes a path.
        nonisolated(unsafe) let direct: UnsafeBufferPointer<Ranked>
        /// The others, best key first; pools with no way on are left out.
        nonisolated(unsafe) let onward: UnsafeBufferPointer<Ranked>
        /// Exact input: the onward pools again, largest cap first. A large amount makes most
        /// pools' caps their bounds: the search takes those in this order, the others in key
        /// order, and stops each order at the first bound its bar prunes.
        nonisolated(unsafe) let byCap: UnsafeBufferPointer<Ranked>
        /// The pools' saturations in key order and in cap order, for skipping to the next pool
        /// an amount leaves uncapped, or caps. Exact input: cap / key, the amount in beyond
        /// which the cap bounds what arrives. Exact output: the cap, the most the pool can pay
        /// out (key order only).
        let keyOrder: SaturationTree
        let capOrder: SaturationTree

        init(direct: [Ranked], onward: [Ranked], byCap: [Ranked], saturation: (Ranked) -> RateBound) {
            self.direct = Self.copy(direct)
            self.onward = Self.copy(onward)
            self.byCap = Self.copy(byCap)
            keyOrder = SaturationTree(onward.map(saturation), holdsLargest: true)
            capOrder = SaturationTree(byCap.map(saturation), holdsLargest: false)
        }

        deinit {
            direct.deallocate()
            onward.deallocate()
            byCap.deallocate()
            keyOrder.deallocate()
            capOrder.deallocate()
        }

        private static func copy<Element>(_ elements: [Element]) -> UnsafeBufferPointer<Element> {
            let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: elements.count)
            _ = buffer.initialize(from: elements)
            return UnsafeBufferPointer(buffer)
        }
    }

    /// A `Lists`' buffers, read without retaining it.
    struct View {
        let direct: UnsafeBufferPointer<Ranked>
        let onward: UnsafeBufferPointer<Ranked>
        let byCap: UnsafeBufferPointer<Ranked>
        let keyOrder: SaturationTree
        let capOrder: SaturationTree
    }

    let type: TradeType
    /// The target (exact input) or the source (exact output).
    let end: Int32
    let table: RateTable
    private let tokenCount: Int
    /// The address of the retained `Lists` of (hopsLeft, token) at hopsLeft · tokenCount + token,
    /// 0 until a search first expands the token with that many hops left.
    private nonisolated(unsafe) let published: UnsafeMutablePointer<Atomic<Int>>
    private let slotCount: Int

    /// Built from `graph` but holding none of it: the graph's cache holds the ranking.
    init(graph: PoolGraph, type: TradeType, end: Int32, maxHops: Int) {
        self.type = type
        self.end = end
        table = type == .exactIn
            ? RateTable.toward(end, maxHops: maxHops - 1, in: graph)
            : RateTable.from(end, maxHops: maxHops - 1, in: graph)
        tokenCount = graph.tokenCount
        slotCount = (maxHops + 1) * graph.tokenCount
        published = .allocate(capacity: slotCount)
        for slot in 0..<slotCount { (published + slot).initialize(to: Atomic(0)) }
    }

    deinit {
        for slot in 0..<slotCount {
            let address = published[slot].load(ordering: .acquiring)
            if let lists = UnsafeRawPointer(bitPattern: address) { Unmanaged<Lists>.fromOpaque(lists).release() }
        }
        published.deinitialize(count: slotCount)
        published.deallocate()
    }

    /// The ranking toward (from) `end` on `graph`'s version, built once per version.
    static func of(_ graph: PoolGraph, type: TradeType, end: Int32, maxHops: Int) -> EdgeRanking {
        graph.rateTables.ranking(.init(anchor: end, towardAnchor: type == .exactIn, maxHops: maxHops)) {
            EdgeRanking(graph: graph, type: type, end: end, maxHops: maxHops)
        }
    }

    /// The pools of `token` for a search with `hopsLeft` hops to go, on the ranking's `graph`:
    /// valid, unretained, as long as this ranking.
    func lists(_ token: Int32, hopsLeft: Int, in graph: PoolGraph) -> View {
        let slot = published + (hopsLeft * tokenCount + Int(token))
        var address = slot.pointee.load(ordering: .acquiring)
        if address == 0 {
            let built = Unmanaged.passRetained(build(token, hopsLeft: hopsLeft, in: graph))
            let mine = Int(bitPattern: built.toOpaque())
            // Two searches may build the same lists at once: the first published is kept.
            let (exchanged, winner) = slot.pointee.compareExchange(expected: 0, desired: mine, ordering: .acquiringAndReleasing)
            if exchanged { address = mine } else { built.release(); address = winner }
        }
        return Unmanaged<Lists>.fromOpaque(UnsafeRawPointer(bitPattern: address)!)._withUnsafeGuaranteedRef {
            View(direct: $0.direct, onward: $0.onward, byCap: $0.byCap, keyOrder: $0.keyOrder, capOrder: $0.capOrder)
        }
    }

    private func build(_ token: Int32, hopsLeft: Int, in graph: PoolGraph) -> Lists {
        var direct: [Ranked] = []
        var onward: [Ranked] = []
        for edge in graph.vertices[Int(token)].edges {
            let rate = poolRate(edge, in: graph)
            if rate.isZero { continue }
            let capacity = poolCapacity(edge, in: graph)
            if edge.to == end {
                direct.append(Ranked(edge: edge, key: rate, cap: capacity))
            } else if hopsLeft > 1 {
                let rest = table.bound(edge.to, hops: hopsLeft - 1)
                if rest.isZero { continue }
                let cap = type == .exactIn
                    ? min(capacity.multiplied(by: rest, rounding: .up), table.deliverable(edge.to, hops: hopsLeft - 1))
                    : capacity
                onward.append(Ranked(edge: edge, key: rate.multiplied(by: rest, rounding: .up), cap: cap))
            }
        }
        onward.sort { $0.key > $1.key }
        guard type == .exactIn else { return Lists(direct: direct, onward: onward, byCap: [], saturation: \.cap) }
        // Equal caps are common: what the tokens beyond can deliver caps most of a hub's pools
        // at a large amount. Among them, the pool that can carry most on its own comes first.
        let own = onward.map { ranked in poolCapacity(ranked.edge, in: graph).multiplied(by: ranked.key, rounding: .up) }
        let byCap = onward.indices.sorted { a, b in
            onward[a].cap != onward[b].cap ? onward[a].cap > onward[b].cap : own[a] > own[b]
        }.map { onward[$0] }
        return Lists(direct: direct, onward: onward, byCap: byCap, saturation: Self.saturation)
    }

    /// The amount beyond which a pool's cap bounds its paths' output below amount × key.
    static func saturation(_ ranked: Ranked) -> RateBound {
        ranked.cap.divided(by: ranked.key, rounding: .down)
    }

    /// The pool's rate bound in the direction the search uses it: along the edge for exact
    /// input; for exact output the pool swaps edge.to → token, against the edge.
    private func poolRate(_ edge: PoolGraph.Edge, in graph: PoolGraph) -> RateBound {
        let zeroForOne = type == .exactIn ? edge.zeroForOne : !edge.zeroForOne
        return zeroForOne ? graph.nodes[Int(edge.pool)].rateZeroForOne : graph.nodes[Int(edge.pool)].rateOneForZero
    }

    private func poolCapacity(_ edge: PoolGraph.Edge, in graph: PoolGraph) -> RateBound {
        let zeroForOne = type == .exactIn ? edge.zeroForOne : !edge.zeroForOne
        return zeroForOne ? graph.nodes[Int(edge.pool)].capacityZeroForOne : graph.nodes[Int(edge.pool)].capacityOneForZero
    }
}
