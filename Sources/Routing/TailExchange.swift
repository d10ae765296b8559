/// Paths made from a split's legs by exchanging what comes after a token two legs meet at, or
/// what lies between two tokens they both meet at.
///
/// Candidates are found as the best paths on markets that one path has moved, so a split can
/// pair its legs' beginnings and ends the wrong way round: legs A→T→(deep pool) and B→T→(shallow
/// pool) where B carries more than A. The optimiser chooses among whole paths and never sees the
/// crossed pairing, which can be worth hundreds of basis points; the exchanged paths offer it.
enum TailExchange {
    /// Every path made by exchanging the tails of two of `legs` after a token both pass through
    /// between their ends: simple paths of at most `maxHops` pools, none of them already a leg;
    /// at most `limit` of them, tail exchanges first.
    static func paths(between legs: [Path], maxHops: Int, limit: Int) -> [Path] {
        var pairs: [(Path, Path)] = []
        for a in legs.indices {
            for b in legs.indices where b > a { pairs.append((legs[a], legs[b])) }
        }
        return exchanges(of: pairs, excluding: legs, maxHops: maxHops, limit: limit)
    }

    /// Every path made by exchanging the tails of one of `legs` with one of `others` (a
    /// split's other candidates): for legs that meet nowhere, whose better pairing may use a
    /// head or a tail that only a candidate has. None of them is already a leg or among `others`.
    static func paths(between legs: [Path], and others: [Path], maxHops: Int, limit: Int) -> [Path] {
        var pairs: [(Path, Path)] = []
        for leg in legs {
            for other in others where !legs.contains(other) { pairs.append((leg, other)) }
        }
        return exchanges(of: pairs, excluding: legs + others, maxHops: maxHops, limit: limit)
    }

    /// The tail exchanges, then, while fewer than `limit`, the middle exchanges: paths that pass
    /// through two tokens the other also passes through may pair their middle parts the other
    /// way round (A→T→U→B with A'→T→U→B' gives A→T→(the other's T→U)→U→B).
    private static func exchanges(of pairs: [(Path, Path)], excluding known: [Path], maxHops: Int, limit: Int) -> [Path] {
        var exchanged: [Path] = []
        func add(_ path: Path) {
            if exchanged.count < limit && path.hopCount <= maxHops && !known.contains(path) && !exchanged.contains(path) {
                exchanged.append(path)
            }
        }
        var tails: [(first: Path, second: Path, after: Int)] = []
        for (a, b) in pairs {
            for (i, token) in a.tokens.enumerated().dropFirst().dropLast() {
                guard let (first, second) = a.exchangingTails(with: b, after: token) else { continue }
                add(first)
                add(second)
                tails.append((first, second, i))
            }
        }
        // Exchanging the exchanged paths' tails back at a later token both pass through.
        for tail in tails where exchanged.count < limit {
            for later in tail.first.tokens[(tail.after + 1)...].dropLast() {
                guard let (first, second) = tail.first.exchangingTails(with: tail.second, after: later) else { continue }
                add(first)
                add(second)
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
              i > 0, j > 0, i < tokens.count - 1, j < other.tokens.count - 1,
              !Self.share(tokens[..<i], other.tokens[(j + 1)...]), !Self.share(other.tokens[..<j], tokens[(i + 1)...]) else { return nil }
        return (joined(after: i, with: other, from: j), other.joined(after: j, with: self, from: i))
    }

    /// Whether two parts of simple paths share a token: checked before building the exchanged
    /// paths (each part is simple and `token` is in neither tail, so only a head and the other
    /// path's tail can repeat one), because exchanges are tried many times per quote.
    private static func share(_ a: Slice<InlineIndices>, _ b: Slice<InlineIndices>) -> Bool {
        a.contains { b.contains($0) }
    }
}
