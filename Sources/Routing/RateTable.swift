/// For every token, the best rate bound over paths of at most h hops to a target (or from a
/// source): max over such paths of the product of their pools' marginal-rate bounds. Paths may
/// revisit tokens here, which only loosens the bound; it stays an upper bound on any real path.
struct RateTable: Sendable {
    /// levels[h][token]
    let levels: [[RateBound]]
    /// Tables toward a target only: deliverable[h][token] bounds how much of the target can
    /// arrive from the token within h hops however much goes in — the pools' capacities,
    /// carried forward at the rate bounds.
    let deliverable: [[RateBound]]

    /// Bounds of the rate from each token to `target`.
    static func toward(_ target: Int32, maxHops: Int, in graph: PoolGraph) -> RateTable {
        graph.rateTables.table(.init(anchor: target, towardAnchor: true, maxHops: maxHops)) {
            let rates = build(anchor: target, maxHops: maxHops, graph: graph) { graph, edge in
                // Along edge token → edge.to the rate is the edge's own direction.
                graph.rate(edge)
            }
            return RateTable(levels: rates.levels, deliverable: deliverable(toward: target, rates: rates.levels, graph: graph))
        }
    }

    /// Bounds of the rate from `source` to each token.
    static func from(_ source: Int32, maxHops: Int, in graph: PoolGraph) -> RateTable {
        graph.rateTables.table(.init(anchor: source, towardAnchor: false, maxHops: maxHops)) {
            build(anchor: source, maxHops: maxHops, graph: graph) { graph, edge in
                // Arriving at token from edge.to: the pool swaps in the opposite direction.
                let node = graph.nodes[Int(edge.pool)]
                return edge.zeroForOne ? node.rateOneForZero : node.rateZeroForOne
            }
        }
    }

    private static func build(anchor: Int32, maxHops: Int, graph: PoolGraph, rate: (PoolGraph, PoolGraph.Edge) -> RateBound) -> RateTable {
        var levels = [[RateBound](repeating: .zero, count: graph.tokenCount)]
        levels[0][Int(anchor)] = .one
        for h in 1...max(1, maxHops) {
            var level = levels[h - 1]
            let previous = levels[h - 1]
            for token in 0..<graph.tokenCount {
                for edge in graph.vertices[token].edges {
                    let beyond = previous[Int(edge.to)]
                    if beyond.isZero { continue }
                    let candidate = rate(graph, edge).multiplied(by: beyond, rounding: .up)
                    if candidate > level[token] { level[token] = candidate }
                }
            }
            levels.append(level)
        }
        return RateTable(levels: levels, deliverable: [])
    }

    private static func deliverable(toward target: Int32, rates: [[RateBound]], graph: PoolGraph) -> [[RateBound]] {
        var levels = [[RateBound](repeating: .zero, count: graph.tokenCount)]
        levels[0][Int(target)] = .infinity
        for h in 1..<rates.count {
            var level = levels[h - 1]
            for token in 0..<graph.tokenCount {
                for edge in graph.vertices[token].edges {
                    let beyond = levels[h - 1][Int(edge.to)]
                    if beyond.isZero { continue }
                    let candidate = min(graph.capacity(edge).multiplied(by: rates[h - 1][Int(edge.to)], rounding: .up), beyond)
                    if candidate > level[token] { level[token] = candidate }
                }
            }
            levels.append(level)
        }
        return levels
    }

    func bound(_ token: Int32, hops: Int) -> RateBound {
        levels[min(hops, levels.count - 1)][Int(token)]
    }

    func deliverable(_ token: Int32, hops: Int) -> RateBound {
        deliverable[min(hops, deliverable.count - 1)][Int(token)]
    }
}
