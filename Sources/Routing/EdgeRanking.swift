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

    struct Lists: Sendable {
        /// Pools straight into the target (from the source): one simulation completes a path.
        var direct: [Ranked]
        /// The others, best key first; pools with no way on are left out.
        var onward: [Ranked]
    }

    let type: TradeType
    /// The target (exact input) or the source (exact output).
    let end: Int32
    let table: RateTable
    /// lists[hopsLeft][token], nil until a search first expands the token with that many hops left.
    private let lists: Mutex<[[Lists?]]>

    /// Built from `graph` but holding none of it: the graph's cache holds the ranking.
    init(graph: PoolGraph, type: TradeType, end: Int32, maxHops: Int) {
        self.type = type
        self.end = end
        table = type == .exactIn
            ? RateTable.toward(end, maxHops: maxHops - 1, in: graph)
            : RateTable.from(end, maxHops: maxHops - 1, in: graph)
        lists = Mutex(Array(repeating: Array(repeating: nil, count: graph.tokenCount), count: maxHops + 1))
    }

    /// The ranking toward (from) `end` on `graph`'s version, built once per version.
    static func of(_ graph: PoolGraph, type: TradeType, end: Int32, maxHops: Int) -> EdgeRanking {
        graph.rateTables.ranking(.init(anchor: end, towardAnchor: type == .exactIn, maxHops: maxHops)) {
            EdgeRanking(graph: graph, type: type, end: end, maxHops: maxHops)
        }
    }

    /// The pools of `token` for a search with `hopsLeft` hops to go, on the ranking's `graph`.
    func lists(_ token: Int32, hopsLeft: Int, in graph: PoolGraph) -> Lists {
        if let known = lists.withLock({ $0[hopsLeft][Int(token)] }) { return known }
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
        let built = Lists(direct: direct, onward: onward)
        lists.withLock { $0[hopsLeft][Int(token)] = built }
        return built
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
