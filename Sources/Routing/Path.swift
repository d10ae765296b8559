/// A simple path through the graph: `tokens[i]` —`pools[i]`→ `tokens[i + 1]`, never revisiting a token.
struct Path: Sendable, Hashable {
    var tokens: [Int32]
    var pools: [Int32]

    var hopCount: Int { pools.count }

    func sharesPool(with other: Path) -> Bool {
        pools.contains { other.pools.contains($0) }
    }

    func appending(pool: Int32, token: Int32) -> Path {
        Path(tokens: tokens + [token], pools: pools + [pool])
    }

    func prepending(pool: Int32, token: Int32) -> Path {
        Path(tokens: [token] + tokens, pools: [pool] + pools)
    }
}
