@testable import Routing
import Testing

@Suite struct InlineIndicesTests {
    @Test func holdsWhatWasAppendedInOrder() {
        var indices = InlineIndices()
        #expect(indices.isEmpty)
        for value in Int32(1)...7 { indices.append(value * 10) }
        #expect(Array(indices) == [10, 20, 30, 40, 50, 60, 70])
        #expect(indices.count == InlineIndices.capacity)
        #expect(indices.removeLast() == 70)
        indices[0] = -1
        #expect(Array(indices) == [-1, 20, 30, 40, 50, 60])
        #expect(Array(indices.reversedInline()) == [60, 50, 40, 30, 20, -1])
        #expect(Array(indices[1..<3]) == [20, 30])
    }

    /// Equal indices are equal values with equal hashes, whatever was appended and removed
    /// before: paths are compared and looked up by them.
    @Test func equalIndicesAreEqualWhateverTheirHistory() {
        var walked: InlineIndices = [3, 4]
        walked.append(9)
        walked.append(8)
        walked.removeLast()
        walked.removeLast()
        let built: InlineIndices = [3, 4]
        #expect(walked == built)
        #expect(walked.hashValue == built.hashValue)
        #expect(Set([walked, built]).count == 1)
        #expect(walked != [3, 4, 0])
        #expect(InlineIndices([3]) != built)
        walked.removeAll()
        #expect(walked == InlineIndices())
    }

    @Test func pathsJoinAtATokenTheyShare() {
        let a = Path(tokens: [0, 1, 2, 3], pools: [10, 11, 12])
        let b = Path(tokens: [0, 4, 2, 5], pools: [20, 21, 22])
        #expect(a.joined(after: 2, with: b, from: 2) == Path(tokens: [0, 1, 2, 5], pools: [10, 11, 22]))
        #expect(b.joined(after: 2, with: a, from: 2) == Path(tokens: [0, 4, 2, 3], pools: [20, 21, 12]))
        #expect(a.appending(pool: 13, token: 6) == Path(tokens: [0, 1, 2, 3, 6], pools: [10, 11, 12, 13]))
    }
}
