import Market

/// Pool states changed by earlier legs of the same quote, over the graph's shared states: the
/// second route through a pool must see what the first did to it.
struct PoolOverlay: Sendable {
    private var changed: [(pool: Int32, state: Pool)] = []

    func state(of pool: Int32, in graph: PoolGraph) -> Pool {
        for entry in changed where entry.pool == pool { return entry.state }
        return graph.nodes[Int(pool)].state
    }

    mutating func set(_ state: Pool, for pool: Int32) {
        if let i = changed.firstIndex(where: { $0.pool == pool }) {
            changed[i].state = state
        } else {
            changed.append((pool, state))
        }
    }
}
