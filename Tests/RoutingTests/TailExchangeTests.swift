import DEXMath
import Market
@testable import Routing
import Testing

@Suite struct TailExchangeTests {
    @Test func exchangesWhatComesAfterTheTokenTwoPathsMeetAt() throws {
        // 0 →p1→ 1 →p2→ 2 →p3→ 5 and 0 →p4→ 2 →p5→ 5 meet at token 2.
        let long = Path(tokens: [0, 1, 2, 5], pools: [1, 2, 3])
        let short = Path(tokens: [0, 2, 5], pools: [4, 5])
        let (first, second) = try #require(long.exchangingTails(with: short, after: 2))
        #expect(first == Path(tokens: [0, 1, 2, 5], pools: [1, 2, 5]))
        #expect(second == Path(tokens: [0, 2, 5], pools: [4, 3]))
        // Not at the ends, nor at a token one of them does not pass through.
        #expect(long.exchangingTails(with: short, after: 0) == nil)
        #expect(long.exchangingTails(with: short, after: 5) == nil)
        #expect(long.exchangingTails(with: short, after: 1) == nil)
    }

    @Test func offersOnlySimplePathsWithinTheHopLimit() throws {
        // 0 →a→ 1 →b→ 2 →c→ 3 and 0 →d→ 2 →e→ 1 →f→ 3: exchanging after 2 would revisit 1.
        let one = Path(tokens: [0, 1, 2, 3], pools: [10, 11, 12])
        let other = Path(tokens: [0, 2, 1, 3], pools: [13, 14, 15])
        #expect(one.exchangingTails(with: other, after: 2) == nil)
        #expect(one.exchangingTails(with: other, after: 1) == nil)

        let long = Path(tokens: [0, 1, 2, 5], pools: [1, 2, 3])
        let short = Path(tokens: [0, 2, 4, 6, 5], pools: [4, 5, 6, 7])
        // The first exchange has 1 + 1 + 3 = 5 pools: beyond 4 hops; within 5.
        #expect(TailExchange.paths(between: [long, short], maxHops: 4) == [Path(tokens: [0, 2, 5], pools: [4, 3])])
        #expect(TailExchange.paths(between: [long, short], maxHops: 5)
                == [Path(tokens: [0, 1, 2, 4, 6, 5], pools: [1, 2, 5, 6, 7]), Path(tokens: [0, 2, 5], pools: [4, 3])])
        // Legs that meet nowhere between their ends exchange nothing.
        #expect(TailExchange.paths(between: [long, Path(tokens: [0, 5], pools: [9])], maxHops: 4).isEmpty)
    }

    /// The case that showed the need, on the 100-pool benchmark market: the best path and its
    /// complement meet at a token, and their tails are better the other way round. Without
    /// the exchange the engine quoted 150,165,871… (641 bp under this split).
    @Test func aSplitWhoseLegsMeetIsPairedTheBetterWay() throws {
        let snapshot = try SyntheticMarket.generate(pools: 100, tokens: 25, seed: 1)
        let graph = PoolGraph(snapshot: snapshot)
        let engine = QuoteEngine(configuration: RouterConfiguration(defaultGasPriceWei: .zero))
        let tokenIn = try #require(Address("0xb3eaCAB324a87e45bB0997A7fB2f8B03F7F64378"))
        let tokenOut = try #require(Address("0xb48AC85B5Ae0029e1ADFD9AE707d117a9E7eA154"))
        let amount = try #require(UInt256("98678888093850095087509633"))
        let quote = try engine.quote(QuoteRequest(tokenIn: tokenIn, tokenOut: tokenOut, amount: amount, type: .exactIn, maxHops: 3, maxSplits: 2), graph: graph)

        // The two legs the exchange pairs, 60 / 40 (the baseline's answer): pool-disjoint,
        // so each is worth what it is on its own.
        let legs: [([String], String)] = [
            (["0x5C5eb4D109c7bBbf780709d870e09797d045a308", "0xd7b598Eb033925b8F939f4AA831976F7fc7Aba7e", "0xB394345043BDFc26e99FCA1Fc13fd0C587c570c0"],
             "59207332856310057052505780"),
            (["0xD4fF3A1561789D4c81Bd374ECB5f136Bf9dD5006", "0x479A90aC88c00fC5B6Cd85Cd126E31a08a60c349"], "39471555237540038035003853"),
        ]
        var paired = UInt256.zero
        for (pools, legAmount) in legs {
            let leg = try engine.simulate(tokenIn: tokenIn, pools: pools.map { try #require(Address($0)) },
                                          amount: try #require(UInt256(legAmount)), type: .exactIn, graph: graph)
            paired = paired &+ leg.amountOut
        }
        #expect(paired == (try #require(UInt256("160461629684428295244541423"))))
        #expect(quote.amountOut >= paired)
        #expect(quote.routes.map(\.amountIn).reduce(.zero, &+) == amount)
    }
}
