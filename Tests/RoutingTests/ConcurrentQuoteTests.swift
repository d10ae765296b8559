import DEXMath
import Market
@testable import Routing
import Testing

@Suite struct ConcurrentQuoteTests {
    /// Quotes running at once on one graph version walk and publish the same pools' ladders
    /// and the same tokens' ranked pools while others read them: every answer equals the
    /// answer of a quote that ran alone.
    @Test func concurrentQuotesOnColdLaddersAgreeWithSequentialOnes() async throws {
        let market = try MarketBuilder.random(tokenCount: 8, extraPools: 16, seed: 7)
        let engine = QuoteEngine(configuration: RouterConfiguration(defaultGasPriceWei: .zero))
        let requests = try [(0, 5), (5, 0), (1, 7), (3, 6)].flatMap { a, b in
            try ([1, 300, 30_000] as [UInt64]).flatMap { scale in
                try TradeType.allCases.map { type in
                    try QuoteRequest(tokenIn: market.token(a), tokenOut: market.token(b),
                                     amount: UInt256(scale) &* UInt256(1_000_000_000_000_000), type: type, maxHops: 3, maxSplits: 3)
                }
            }
        }
        let alone = PoolGraph(snapshot: market.snapshot)
        let expected = requests.map { try? engine.quote($0, graph: alone) }
        #expect(expected.contains { $0 != nil })

        // A fresh graph: no ladder is walked yet, so the tasks race to walk and publish them.
        let shared = PoolGraph(snapshot: market.snapshot)
        let answers = await withTaskGroup(of: [(Int, Quote?)].self) { group in
            for task in 0..<4 {
                group.addTask {
                    // Each task in its own order, so different tasks extend the same ladders.
                    let order = task % 2 == 0 ? Array(requests.indices) : Array(requests.indices.reversed())
                    return order.map { ($0, try? engine.quote(requests[$0], graph: shared)) }
                }
            }
            var all: [(Int, Quote?)] = []
            for await answers in group { all += answers }
            return all
        }
        #expect(answers.count == 4 * requests.count)
        for (index, quote) in answers {
            #expect(quote == expected[index], "request \(index)")
        }
    }
}
