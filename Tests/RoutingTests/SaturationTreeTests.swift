import DEXMath
@testable import Routing
import Testing
import TestSupport

/// The tree's answers are the first match a scan of the list finds, from every position.
@Suite struct SaturationTreeTests {
    @Test(arguments: [0, 1, 2, 5, 8, 13, 64, 100])
    func findsWhatAScanFinds(count: Int) {
        var rng = SplitMix64(seed: UInt64(count) + 7)
        // Few distinct values, so that equal saturations and amounts meet.
        let values = (0..<count).map { _ in RateBound(UInt256(UInt64.random(in: 0...12, using: &rng)), rounding: .down) }
        let largest = SaturationTree(values, holdsLargest: true)
        let smallest = SaturationTree(values, holdsLargest: false)
        defer {
            largest.deallocate()
            smallest.deallocate()
        }
        for amount in (1...13).map({ RateBound(UInt256(UInt64($0)), rounding: .down) }) {
            for position in 0...count + 1 {
                let rest = values.indices.filter { $0 >= position }
                #expect(largest.firstUncapped(from: position, at: amount) == rest.first { !(values[$0] < amount) })
                #expect(smallest.firstCapped(from: position, at: amount) == rest.first { values[$0] < amount })
            }
        }
    }
}
