import DEXMath

/// Legs of a split that share pools, valued together: which candidates (a bit mask) and their
/// amounts in candidate order. Held inline, so that the optimiser's memo lookups, a few hundred
/// per quote, allocate nothing (as arrays of legs, their allocations and releases cost more
/// than the lookups).
struct LegGroup: Equatable {
    /// Legs a group holds: a group has at most one leg per split, and a request at most
    /// `QuoteRequest.maxSplitsLimit` splits.
    static let capacity = 5

    private(set) var members: UInt64 = 0
    private(set) var count = 0
    // Separate fields, not a tuple: a comparison reads them in place, where a tuple read by
    // position is first copied out whole.
    private var amount0 = UInt256.zero, amount1 = UInt256.zero, amount2 = UInt256.zero, amount3 = UInt256.zero, amount4 = UInt256.zero

    /// Adds candidate `candidate`'s leg; candidates are added in increasing order.
    mutating func append(candidate: Int, amount: UInt256) {
        switch count {
        case 0: amount0 = amount
        case 1: amount1 = amount
        case 2: amount2 = amount
        case 3: amount3 = amount
        default:
            precondition(count < Self.capacity, "a group holds at most \(Self.capacity) legs")
            amount4 = amount
        }
        members |= 1 << candidate
        count += 1
    }

    var indices: Range<Int> { 0..<count }

    /// The position-th leg in candidate order.
    subscript(position: Int) -> SplitOptimizer.Leg {
        var rest = members
        for _ in 0..<position { rest &= rest &- 1 }
        return SplitOptimizer.Leg(candidate: rest.trailingZeroBitCount, amount: amount(at: position))
    }

    private func amount(at position: Int) -> UInt256 {
        switch position {
        case 0: amount0
        case 1: amount1
        case 2: amount2
        case 3: amount3
        default: amount4
        }
    }

    static func == (a: LegGroup, b: LegGroup) -> Bool {
        a.members == b.members && a.amount0 == b.amount0 && a.amount1 == b.amount1 && a.amount2 == b.amount2
            && a.amount3 == b.amount3 && a.amount4 == b.amount4
    }
}
