/// A simple path through the graph: `tokens[i]` —`pools[i]`→ `tokens[i + 1]`, never revisiting a token.
struct Path: Sendable, Hashable {
    var tokens: InlineIndices
    var pools: InlineIndices

    init(tokens: InlineIndices, pools: InlineIndices) {
        self.tokens = tokens
        self.pools = pools
    }

    init(tokens: some Sequence<Int32>, pools: some Sequence<Int32>) {
        self.init(tokens: InlineIndices(tokens), pools: InlineIndices(pools))
    }

    var hopCount: Int { pools.count }

    func sharesPool(with other: Path) -> Bool {
        pools.contains { other.pools.contains($0) }
    }

    func appending(pool: Int32, token: Int32) -> Path {
        var path = self
        path.tokens.append(token)
        path.pools.append(pool)
        return path
    }

    /// This path with hop `i` replaced by `detour`, a path from `tokens[i]` to `tokens[i + 1]`;
    /// nil when the detour passes through a token this path visits elsewhere.
    func replacingHop(_ i: Int, with detour: Path) -> Path? {
        guard !detour.tokens.dropFirst().dropLast().contains(where: tokens.contains) else { return nil }
        return joined(after: i, with: detour, from: 0).joined(after: i + detour.hopCount, with: self, from: i + 1)
    }

    /// This path's first `hops` hops, then `other`'s from its hop `otherHop` on: the two must
    /// meet there (`tokens[hops] == other.tokens[otherHop]`).
    func joined(after hops: Int, with other: Path, from otherHop: Int) -> Path {
        var path = Path(tokens: tokens[...hops], pools: pools[..<hops])
        path.tokens.append(contentsOf: other.tokens[(otherHop + 1)...])
        path.pools.append(contentsOf: other.pools[otherHop...])
        return path
    }
}
