/// A binary heap kept in an array, first the element that `precedes` every other. The path
/// search keeps there the pools of a token it cannot take from the ranking in order (pools into
/// the target, moved pools), best bound first.
extension Array {
    /// Arranges the elements as a heap (Floyd: sift down every parent, last first).
    mutating func heapify(by precedes: (Element, Element) -> Bool) {
        var parent = count / 2
        while parent > 0 {
            parent -= 1
            siftDown(from: parent, by: precedes)
        }
    }

    /// Removes and returns the first element of a heap made by `heapify` with the same order.
    mutating func popHeap(by precedes: (Element, Element) -> Bool) -> Element? {
        guard !isEmpty else { return nil }
        swapAt(0, count - 1)
        let first = removeLast()
        siftDown(from: 0, by: precedes)
        return first
    }

    /// Adds an element to a heap made by `heapify` with the same order.
    mutating func pushHeap(_ element: Element, by precedes: (Element, Element) -> Bool) {
        append(element)
        var child = count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if !precedes(self[child], self[parent]) { return }
            swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(from start: Int, by precedes: (Element, Element) -> Bool) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            if left >= count { return }
            let right = left + 1
            let child = right < count && precedes(self[right], self[left]) ? right : left
            if !precedes(self[child], self[parent]) { return }
            swapAt(parent, child)
            parent = child
        }
    }
}
