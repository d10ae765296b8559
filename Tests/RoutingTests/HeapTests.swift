@testable import Routing
import Testing
import TestSupport

@Suite struct HeapTests {
    /// A heap built by `heapify`, grown by `pushHeap` between pops, gives every element back
    /// in order: what the path search relies on when it parks capped pools while popping.
    @Test func pushesBetweenPopsKeepTheOrder() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<200 {
            var heap = (0..<Int(rng.next() % 40)).map { _ in Int(rng.next() % 100) }
            // What the heap holds, kept plainly: each pop must be its largest.
            var held = heap
            heap.heapify(by: >)
            for _ in 0..<Int(rng.next() % 60) {
                if rng.next() % 2 == 0 {
                    let pushed = Int(rng.next() % 100)
                    heap.pushHeap(pushed, by: >)
                    held.append(pushed)
                } else {
                    let top = heap.popHeap(by: >)
                    #expect(top == held.max())
                    if let top { held.remove(at: held.firstIndex(of: top)!) }
                }
            }
            while let top = heap.popHeap(by: >) {
                #expect(top == held.max())
                held.remove(at: held.firstIndex(of: top)!)
            }
            #expect(held.isEmpty)
        }
    }

    @Test func popsAreInOrderWithoutPushes() {
        var rng = SplitMix64(seed: 4)
        var heap = (0..<500).map { _ in Int(rng.next() % 1_000) }
        let sorted = heap.sorted(by: >)
        heap.heapify(by: >)
        var popped: [Int] = []
        while let top = heap.popHeap(by: >) { popped.append(top) }
        #expect(popped == sorted)
    }
}
