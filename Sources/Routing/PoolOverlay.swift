import Market

/// Pool states changed by earlier legs of the same quote, over the graph's shared states: the
/// second route through a pool must see what the first did to it.
struct PoolOverlay: Sendable {
    private var changed: [(pool: Int32, state: Pool)] = []

    var isEmpty: Bool { changed.isEmpty }

    var pools: [Int32] { changed.map(\.pool) }

    /// The pool's changed state, or nil when no earlier leg touched it.
    func changedState(of pool: Int32) -> Pool? {
        for entry in changed where entry.pool == pool { return entry.state }
        return nil
    }

    func state(of pool: Int32, in graph: PoolGraph) -> Pool {
        for entry in changed where entry.pool == pool { return entry.state }
        return graph.nodes[Int(pool)].state
    }

    /// The changed pools as a change set for `graph`.
    func changes(in graph: PoolGraph) -> MarketSnapshot {
        MarketSnapshot(chainId: graph.chainId, sequence: graph.sequence, tokens: [], pools: changed.map { entry in
            let node = graph.nodes[Int(entry.pool)]
            return MarketPool(address: node.address, token0: graph.token(node.token0).address, token1: graph.token(node.token1).address, state: entry.state)
        })
    }

    mutating func set(_ state: Pool, for pool: Int32) {
        if let i = changed.firstIndex(where: { $0.pool == pool }) {
            changed[i].state = state
        } else {
            changed.append((pool, state))
        }
    }
}
