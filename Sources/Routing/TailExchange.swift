/// Paths made from a split's legs by exchanging what comes after a token two legs meet at.
///
/// Candidates are found as the best paths on markets that one path has moved, so a split can
/// pair its legs' beginnings and ends the wrong way round: legs A→T→(deep pool) and B→T→(shallow
/// pool) where B carries more than A. The optimiser chooses among whole paths and never sees the
/// crossed pairing, which can be worth hundreds of basis points; the exchanged paths offer it.
enum TailExchange {
    /// Every path made by exchanging the tails of two of `legs` after a token both pass through
    /// between their ends: simple paths of at most `maxHops` pools, none of them already a leg.
    static func paths(between legs: [Path], maxHops: Int) -> [Path] {
        var exchanged: [Path] = []
        for a in legs.indices {
            for b in legs.indices where b > a {
                for token in legs[a].tokens.dropFirst().dropLast() {
                    guard let (first, second) = legs[a].exchangingTails(with: legs[b], after: token) else { continue }
                    for path in [first, second] where path.hopCount <= maxHops && !legs.contains(path) && !exchanged.contains(path) {
                        exchanged.append(path)
                    }
                }
            }
        }
        return exchanged
    }
}

extension Path {
    /// This path up to `token` followed by `other` after it, and `other` up to `token` followed
    /// by this path after it; nil unless both pass through `token` between their ends and both
    /// results are simple paths.
    func exchangingTails(with other: Path, after token: Int32) -> (Path, Path)? {
        guard let i = tokens.firstIndex(of: token), let j = other.tokens.firstIndex(of: token),
              i > 0, j > 0, i < tokens.count - 1, j < other.tokens.count - 1 else { return nil }
        let first = Path(tokens: Array(tokens[...i] + other.tokens[(j + 1)...]), pools: Array(pools[..<i] + other.pools[j...]))
        let second = Path(tokens: Array(other.tokens[...j] + tokens[(i + 1)...]), pools: Array(other.pools[..<j] + pools[i...]))
        guard first.isSimple, second.isSimple else { return nil }
        return (first, second)
    }

    var isSimple: Bool { Set(tokens).count == tokens.count }
}
