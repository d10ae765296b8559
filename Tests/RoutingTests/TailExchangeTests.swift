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
        #expect(TailExchange.paths(between: [long, short], maxHops: 4, limit: 8) == [Path(tokens: [0, 2, 5], pools: [4, 3])])
        #expect(TailExchange.paths(between: [long, short], maxHops: 5, limit: 8)
                == [Path(tokens: [0, 1, 2, 4, 6, 5], pools: [1, 2, 5, 6, 7]), Path(tokens: [0, 2, 5], pools: [4, 3])])
        // Legs that meet nowhere between their ends exchange nothing.
        #expect(TailExchange.paths(between: [long, Path(tokens: [0, 5], pools: [9])], maxHops: 4, limit: 8).isEmpty)
    }

    @Test func legsExchangeTailsWithTheOtherCandidates() {
        // Legs 0 →p1→ 1 →p2→ 5 and 0 →p9→ 5 meet nowhere; candidates 0 →p3→ 1 →p4→ 5 (meets
        // the first at 1) and 0 →p5→ 2 →p6→ 5 (meets neither).
        let legs = [Path(tokens: [0, 1, 5], pools: [1, 2]), Path(tokens: [0, 5], pools: [9])]
        let meeting = Path(tokens: [0, 1, 5], pools: [3, 4])
        let apart = Path(tokens: [0, 2, 5], pools: [5, 6])
        #expect(TailExchange.paths(between: legs, maxHops: 4, limit: 8).isEmpty)
        #expect(TailExchange.paths(between: legs, and: legs + [meeting, apart], maxHops: 4, limit: 8)
                == [Path(tokens: [0, 1, 5], pools: [1, 4]), Path(tokens: [0, 1, 5], pools: [3, 2])])
        // Nothing already a leg or a candidate, nothing over the hop limit.
        #expect(TailExchange.paths(between: legs, and: [meeting, Path(tokens: [0, 1, 5], pools: [1, 4])], maxHops: 4, limit: 8)
                == [Path(tokens: [0, 1, 5], pools: [3, 2])])
        #expect(TailExchange.paths(between: [Path(tokens: [0, 1, 2, 5], pools: [1, 7, 8])], and: [Path(tokens: [0, 3, 4, 1, 5], pools: [10, 11, 12, 4])],
                                   maxHops: 4, limit: 8) == [Path(tokens: [0, 1, 5], pools: [1, 4])])
    }

    /// Exchanging two legs at the hop limit builds, before the limit filters it, a path of
    /// 2 · 5 − 3 = 7 tokens (the most two 5-token paths give: an exchange keeps their tokens,
    /// and the other path takes at least 3): exactly what a path holds (`InlineIndices`).
    @Test func legsAtTheHopLimitExchangeWithinWhatAPathHolds() throws {
        let a = Path(tokens: [0, 1, 2, 3, 9], pools: [10, 11, 12, 13])
        let b = Path(tokens: [0, 3, 4, 5, 9], pools: [20, 21, 22, 23])
        let (long, short) = try #require(a.exchangingTails(with: b, after: 3))
        #expect(long == Path(tokens: [0, 1, 2, 3, 4, 5, 9], pools: [10, 11, 12, 21, 22, 23]))
        #expect(long.tokens.count == InlineIndices.capacity)
        #expect(short == Path(tokens: [0, 3, 9], pools: [20, 13]))
        #expect(TailExchange.paths(between: [a, b], maxHops: 4, limit: 8) == [short])
    }

    @Test func legsThatMeetTwiceAlsoExchangeTheirMiddles() {
        // 0 →p1→ 1 →p2→ 2 →p3→ 3 and 0 →p4→ 1 →p5→ 2 →p6→ 3 meet at 1 and at 2.
        let legs = [Path(tokens: [0, 1, 2, 3], pools: [1, 2, 3]), Path(tokens: [0, 1, 2, 3], pools: [4, 5, 6])]
        let tails: [[Int32]] = [[1, 5, 6], [4, 2, 3], [1, 2, 6], [4, 5, 3]]
        let middles: [[Int32]] = [[1, 5, 3], [4, 2, 6]]
        #expect(TailExchange.paths(between: legs, maxHops: 3, limit: 8).map { Array($0.pools) } == tails + middles)
        // Middle exchanges only fill what room the tail exchanges leave.
        #expect(TailExchange.paths(between: legs, maxHops: 3, limit: 5).map { Array($0.pools) } == tails + [middles[0]])
        #expect(TailExchange.paths(between: legs, maxHops: 3, limit: 3).map { Array($0.pools) } == Array(tails.prefix(3)))
    }

    /// On the 100-pool benchmark market, SYN1→SYN3: the split's legs meet after their first and
    /// second hops, and the baseline's pairing exchanges only their middle pools. Before, the
    /// engine quoted 181,787,466,779,472,345,217,267,867: 1.4 bp under the baseline.
    @Test func legsThatMeetTwiceArePairedInTheMiddle() throws {
        try Self.expectDisjointQuote(reaching: "181812870963887156111241161", onBenchmarkMarketOf: 100,
                                     from: "0xb3eaCAB324a87e45bB0997A7fB2f8B03F7F64378", to: "0xb48AC85B5Ae0029e1ADFD9AE707d117a9E7eA154",
                                     amount: "986788880938500950875096335", maxHops: 3, maxSplits: 2)
    }

    /// The case that showed the need for `recombined`, on the 1,000-pool benchmark market: the
    /// split's legs meet nowhere, and one leg's head pays more with a candidate's tail. Before,
    /// the engine quoted 26,232,265,490,228,133,526,297, level with the baseline: 308 bp less.
    @Test func legsThatMeetNowhereArePairedWithTheCandidates() throws {
        let (quote, engine, graph) = try Self.quote(onBenchmarkMarketOf: 1_000, from: "0x4200000000000000000000000000000000000006",
                                                    to: "0x31A5f51CF256e0A5C952c8a008Cf93517AbEd999", amount: "44574215410521102674763")
        let before = try #require(UInt256("26232265490228133526297"))
        let threePercent = try FullMath.mulDiv(before, UInt256(300), UInt256(10_000))
        #expect(quote.amountOut >= before &+ threePercent)
        #expect(quote.routes.count == 2)
        try Self.expectDisjointExactLegs(quote, from: "0x4200000000000000000000000000000000000006", amount: "44574215410521102674763",
                                         engine: engine, graph: graph)
    }

    /// The quote on the benchmark market pays at least `least` (a baseline's answer), with
    /// pool-disjoint legs each worth exactly what it is on its own.
    static func expectDisjointQuote(reaching least: String, onBenchmarkMarketOf pools: Int, from tokenIn: String, to tokenOut: String,
                                    amount: String, maxHops: Int, maxSplits: Int) throws {
        let (quote, engine, graph) = try Self.quote(onBenchmarkMarketOf: pools, from: tokenIn, to: tokenOut, amount: amount,
                                                    maxHops: maxHops, maxSplits: maxSplits)
        #expect(quote.amountOut >= (try #require(UInt256(least))))
        try expectDisjointExactLegs(quote, from: tokenIn, amount: amount, engine: engine, graph: graph)
    }

    /// The legs add up to `amount`, share no pool, and so each is worth what it is on its own,
    /// to the wei.
    static func expectDisjointExactLegs(_ quote: Quote, from tokenIn: String, amount: String, engine: QuoteEngine, graph: PoolGraph) throws {
        let tokenIn = try #require(Address(tokenIn))
        #expect(quote.routes.map(\.amountIn).reduce(.zero, &+) == (try #require(UInt256(amount))))
        let pools = quote.routes.flatMap { $0.hops.map(\.pool) }
        #expect(Set(pools).count == pools.count)
        for route in quote.routes {
            let alone = try engine.simulate(tokenIn: tokenIn, pools: route.hops.map(\.pool), amount: route.amountIn, type: .exactIn, graph: graph)
            #expect(alone.amountOut == route.amountOut)
        }
    }

    /// The case that showed the need, on the 100-pool benchmark market: the best path and its
    /// complement meet at a token, and their tails are better the other way round. Without
    /// the exchange the engine quoted 150,165,871… (641 bp under this split).
    @Test func aSplitWhoseLegsMeetIsPairedTheBetterWay() throws {
        let (quote, engine, graph) = try Self.quote(onBenchmarkMarketOf: 100, from: "0xb3eaCAB324a87e45bB0997A7fB2f8B03F7F64378",
                                                    to: "0xb48AC85B5Ae0029e1ADFD9AE707d117a9E7eA154", amount: "98678888093850095087509633")
        let tokenIn = try #require(Address("0xb3eaCAB324a87e45bB0997A7fB2f8B03F7F64378"))
        let amount = try #require(UInt256("98678888093850095087509633"))

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

    /// An exact-input quote (by default of at most 3 hops and 2 legs), gas unpriced, on
    /// route-compare's market of `pools` pools (`pools / 4` tokens, seed 1), with the engine and
    /// graph that gave it.
    static func quote(onBenchmarkMarketOf pools: Int, from tokenIn: String, to tokenOut: String, amount: String,
                      maxHops: Int = 3, maxSplits: Int = 2) throws -> (Quote, QuoteEngine, PoolGraph) {
        let graph = PoolGraph(snapshot: try SyntheticMarket.generate(pools: pools, tokens: pools / 4, seed: 1))
        let engine = QuoteEngine(configuration: RouterConfiguration(defaultGasPriceWei: .zero))
        let request = try QuoteRequest(tokenIn: try #require(Address(tokenIn)), tokenOut: try #require(Address(tokenOut)),
                                       amount: try #require(UInt256(amount)), type: .exactIn, maxHops: maxHops, maxSplits: maxSplits)
        return (try engine.quote(request, graph: graph), engine, graph)
    }
}
