import DEXMath
@testable import Routing
import Testing

@Suite struct LegGroupTests {
    @Test func holdsOneLegPerSplitOfTheLargestRequest() {
        #expect(LegGroup.capacity >= QuoteRequest.maxSplitsLimit)
    }

    @Test func givesBackItsLegsInCandidateOrder() {
        let group = Self.group([(2, 30), (7, 10), (40, 20), (41, 5), (63, 1)])
        #expect(group.count == 5)
        #expect(group.indices.map { group[$0].candidate } == [2, 7, 40, 41, 63])
        #expect(group.indices.map { group[$0].amount } == [30, 10, 20, 5, 1].map { UInt256(UInt64($0)) })
    }

    @Test func groupsAreEqualOnlyWithTheSameCandidatesAndAmounts() {
        #expect(Self.group([(1, 5), (3, 7)]) == Self.group([(1, 5), (3, 7)]))
        #expect(Self.group([(1, 5), (3, 7)]) != Self.group([(1, 5), (3, 8)]))
        #expect(Self.group([(1, 5), (3, 7)]) != Self.group([(1, 5), (4, 7)]))
        #expect(Self.group([(1, 5), (3, 7)]) != Self.group([(1, 5), (3, 7), (4, 0)]))
    }

    static func group(_ legs: [(Int, UInt64)]) -> LegGroup {
        var group = LegGroup()
        for (candidate, amount) in legs { group.append(candidate: candidate, amount: UInt256(amount)) }
        return group
    }
}
