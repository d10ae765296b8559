/// Up to seven token or pool indices held inline, the count in the last lane: a path's tokens
/// and pools without arrays to allocate, retain and release each time a search records a path
/// or an optimiser reads one. Unused lanes stay zero, so equal values have equal lanes.
struct InlineIndices: RandomAccessCollection, MutableCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    private var lanes = SIMD8<Int32>()

    /// The longest path the engine builds: a tail exchange of two 5-token paths (4 hops, the
    /// limit) before the limit filters it. An exchange keeps the two paths' tokens and leaves
    /// the other at least 3, so 2 · 5 − 3.
    static let capacity = 7

    init() {}

    init(_ elements: some Sequence<Int32>) {
        append(contentsOf: elements)
    }

    init(arrayLiteral elements: Int32...) {
        self.init(elements)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { Int(lanes[7]) }

    subscript(position: Int) -> Int32 {
        get {
            precondition(position >= 0 && position < endIndex, "index out of range")
            return lanes[position]
        }
        set {
            precondition(position >= 0 && position < endIndex, "index out of range")
            lanes[position] = newValue
        }
    }

    mutating func append(_ element: Int32) {
        let count = endIndex
        precondition(count < Self.capacity, "at most \(Self.capacity) indices")
        lanes[count] = element
        lanes[7] = Int32(count + 1)
    }

    mutating func append(contentsOf elements: some Sequence<Int32>) {
        for element in elements { append(element) }
    }

    @discardableResult
    mutating func removeLast() -> Int32 {
        let last = endIndex - 1
        precondition(last >= 0, "no index to remove")
        let element = lanes[last]
        lanes[last] = 0
        lanes[7] = Int32(last)
        return element
    }

    mutating func removeAll() {
        lanes = SIMD8()
    }

    /// The same indices, last first.
    func reversedInline() -> InlineIndices {
        var result = InlineIndices()
        for position in indices.reversed() { result.append(self[position]) }
        return result
    }
}
