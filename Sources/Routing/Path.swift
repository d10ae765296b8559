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

    /// This path with hop `i` replaced by `detour`, a path from `tokens[i]` to `tokens[i + 1]`;
    /// nil when the detour passes through a token this path visits elsewhere.
    func replacingHop(_ i: Int, with detour: Path) -> Path? {
        guard !detour.tokens.dropFirst().dropLast().contains(where: tokens.contains) else { return nil }
        return Path(tokens: Array(tokens[..<i]) + detour.tokens + Array(tokens[(i + 2)...]),
                    pools: Array(pools[..<i]) + detour.pools + Array(pools[(i + 1)...]))
    }
}
