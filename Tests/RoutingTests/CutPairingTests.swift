import DEXMath
import Market
@testable import Routing
import Testing

@Suite struct CutPairingTests {
    // Three disjoint legs from 0 to 9, all through token 5: 0 →p1→ 1 →p2→ 5 →p3→ 9,
    // 0 →p4→ 5 →p5→ 9 and 0 →p6→ 2 →p7→ 5 →p8→ 3 →p9→ 9.
    let legs = [Path(tokens: [0, 1, 5, 9], pools: [1, 2, 3]),
                Path(tokens: [0, 5, 9], pools: [4, 5]),
                Path(tokens: [0, 2, 5, 3, 9], pools: [6, 7, 8, 9])]

    @Test func theCutIsTheFirstTokenEveryLegPassesThrough() {
        #expect(CutPairing.cutToken(of: legs) == 5)
        // Not an end, and not a token only some legs pass through.
        #expect(CutPairing.cutToken(of: [legs[0], Path(tokens: [0, 9], pools: [10])]) == nil)
        #expect(CutPairing.cutToken(of: [legs[0], Path(tokens: [0, 1, 9], pools: [11, 12])]) == 1)
        #expect(CutPairing.cutToken(of: [legs[0]]) == nil)
    }

    @Test func everyHeadIsPairedWithEveryTailWithinTheHopLimit() {
        // Heads [1, 2], [4], [6, 7]; tails [3], [5], [8, 9]. The legs themselves are not
        // offered again; within 3 hops, [1, 2] + [8, 9] is too long.
        #expect(CutPairing.paths(through: 5, of: legs, maxHops: 4).map(\.pools)
                == [[1, 2, 5], [1, 2, 8, 9], [4, 3], [4, 8, 9], [6, 7, 3], [6, 7, 5]])
        #expect(CutPairing.paths(through: 5, of: legs, maxHops: 3).map(\.pools) == [[1, 2, 5], [4, 3], [4, 8, 9], [6, 7, 3], [6, 7, 5]])
    }

    @Test func pairingsThatWouldRevisitATokenAreLeftOut() {
        // 0 →p1→ 1 →p2→ 5 →p3→ 9 and 0 →p4→ 5 →p5→ 1 →p6→ 9: the first head with the second
        // tail passes through 1 twice; the second head with the first tail does not.
        let crossing = [Path(tokens: [0, 1, 5, 9], pools: [1, 2, 3]), Path(tokens: [0, 5, 1, 9], pools: [4, 5, 6])]
        #expect(CutPairing.paths(through: 5, of: crossing, maxHops: 4) == [Path(tokens: [0, 5, 9], pools: [4, 3])])
    }

    /// The cases that showed the need, on the 100-pool benchmark market, SYN1→SYN3 medium:
    /// three disjoint legs through one token, and the baseline's split pairs their heads and
    /// tails (and a candidate's head) another way. Before, the engine quoted 159 bp (3×3) and
    /// 413 bp (4×3) less than the baseline's amounts below.
    @Test(arguments: [(3, "173804947983792810389272544"), (4, "174545266325266136732619176")])
    func threeLegsThroughOneTokenArePairedAsTheBaselinePairsThem(maxHops: Int, baseline: String) throws {
        try TailExchangeTests.expectDisjointQuote(reaching: baseline, onBenchmarkMarketOf: 100, from: "0xb3eaCAB324a87e45bB0997A7fB2f8B03F7F64378",
                                                  to: "0xb48AC85B5Ae0029e1ADFD9AE707d117a9E7eA154", amount: "98678888093850095087509633",
                                                  maxHops: maxHops, maxSplits: 3)
    }
}
