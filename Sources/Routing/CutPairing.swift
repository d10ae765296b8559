/// Paths through a cut token: a token that every one of a split's pool-disjoint legs passes
/// through between its ends. Each leg is then a head (tokenIn → cut) and a tail (cut →
/// tokenOut), and any head can feed any tail.
///
/// The disjoint legs are found one by one, each the best path avoiding the pools of those
/// before it, so the first leg takes the best head and the best tail together. When the best
/// split gives the best head's output to another tail, no leg offers that pairing, and the
/// tail exchanges between two legs offer only part of it (route-compare: the 100-pool SYN1→SYN3
/// 3×3 and 4×3 medium splits pair three heads and three tails otherwise, and gain 196 and 458
/// bp, from 159 and 413 bp under the baseline to above it).
enum CutPairing {
    /// The first token after tokenIn, along the first leg, that every leg passes through before
    /// tokenOut; nil when there is none or fewer than two legs.
    static func cutToken(of legs: [Path]) -> Int32? {
        guard legs.count > 1 else { return nil }
        return legs[0].tokens.dropFirst().dropLast().first { token in
            legs.allSatisfy { $0.tokens.dropFirst().dropLast().contains(token) }
        }
    }

    /// Every simple path of at most `maxHops` pools made of the head of one of `paths` up to
    /// `cut` and the tail of one of them after it, none of them already among `paths`. Each of
    /// `paths` must pass through `cut` between its ends.
    static func paths(through cut: Int32, of paths: [Path], maxHops: Int) -> [Path] {
        var heads: [Path] = []
        var tails: [Path] = []
        for path in paths {
            guard let i = path.tokens.firstIndex(of: cut) else { continue }
            let head = Path(tokens: path.tokens[...i], pools: path.pools[..<i])
            let tail = Path(tokens: path.tokens[i...], pools: path.pools[i...])
            if !heads.contains(head) { heads.append(head) }
            if !tails.contains(tail) { tails.append(tail) }
        }
        var paired: [Path] = []
        for head in heads {
            for tail in tails where head.hopCount + tail.hopCount <= maxHops {
                // The head ends at cut and the tail starts there: a token in both repeats.
                guard !head.tokens.dropLast().contains(where: tail.tokens.contains) else { continue }
                let path = head.joined(after: head.hopCount, with: tail, from: 0)
                if !paths.contains(path) { paired.append(path) }
            }
        }
        return paired
    }
}
