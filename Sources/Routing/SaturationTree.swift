/// The saturation amounts of a token's onward pools in one of the ranking's orders, as a
/// segment tree. A pool's saturation is cap / key: the amount beyond which its cap, not
/// amount × key, bounds what a path through it can deliver. The tree finds the next pool an
/// amount caps (or leaves uncapped) from any position in O(log n), where a search reading the
/// list would step over every pool in between.
struct SaturationTree: Sendable {
    /// Node 1 is the root, node k's children are 2k and 2k + 1, leaves start at `width`. Each
    /// node holds the largest (`holdsLargest`) or smallest saturation below it; padding leaves
    /// hold a value no query matches. Written only while the tree is built.
    private nonisolated(unsafe) let nodes: UnsafeMutableBufferPointer<RateBound>
    private let width: Int
    private let count: Int
    private let holdsLargest: Bool

    /// A tree over `saturations` for finding uncapped pools (`holdsLargest`) or capped ones.
    /// The owner calls `deallocate()`.
    init(_ saturations: [RateBound], holdsLargest: Bool) {
        count = saturations.count
        var width = 1
        while width < max(1, count) { width <<= 1 }
        self.width = width
        self.holdsLargest = holdsLargest
        nodes = .allocate(capacity: 2 * width)
        nodes.initialize(repeating: holdsLargest ? .zero : .infinity)
        for (i, saturation) in saturations.enumerated() { nodes[width + i] = saturation }
        for k in stride(from: width - 1, through: 1, by: -1) {
            nodes[k] = holdsLargest ? max(nodes[2 * k], nodes[2 * k + 1]) : min(nodes[2 * k], nodes[2 * k + 1])
        }
    }

    func deallocate() {
        nodes.deallocate()
    }

    /// The first position from `position` on whose pool `amount` leaves uncapped
    /// (saturation ≥ amount), or nil; on a tree that holds the largest saturations.
    func firstUncapped(from position: Int, at amount: RateBound) -> Int? {
        first(from: position) { !($0 < amount) }
    }

    /// The first position from `position` on whose pool `amount` caps (saturation < amount),
    /// or nil; on a tree that holds the smallest saturations.
    func firstCapped(from position: Int, at amount: RateBound) -> Int? {
        first(from: position) { $0 < amount }
    }

    /// A node matches when some leaf below it may: the largest (smallest) value decides.
    @inline(__always)
    private func first(from position: Int, where matches: (RateBound) -> Bool) -> Int? {
        guard position < count else { return nil }
        var k = width + position
        while true {
            if matches(nodes[k]) {
                while k < width {
                    k = 2 * k
                    if !matches(nodes[k]) { k += 1 }
                }
                return k - width < count ? k - width : nil
            }
            // On to the subtree right of k: climb while k is a right child.
            while k & 1 == 1 { k >>= 1 }
            if k == 0 { return nil }
            k += 1
        }
    }
}
