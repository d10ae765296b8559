import DEXMath
import Market
@testable import Routing
import Testing

/// Seeding a search with paths found for another amount, or giving it an amount to beat, sets
/// its bar from the start; the search must still find exactly the paths that clear that bar.
@Suite struct PathSearchSeedTests {
    /// The search after its run, and the simulations its walk made (seeding aside).
    static func search(_ graph: PoolGraph, _ type: TradeType, amount: UInt256, seeds: [Path]?,
                       mustBeat: UInt256? = nil) -> (found: [PathSearch.Candidate], walked: Int) {
        var search = PathSearch(graph: graph, simulator: PathSimulator(graph: graph, gas: GasModel()), type: type,
                                maxHops: 3, keep: 3, budget: 100_000)
        search.mustBeat = mustBeat
        if let seeds { search.seed(seeds, amount: amount) }
        let seeding = search.simulations
        search.run(tokenIn: 0, tokenOut: 5, amount: amount)
        return (search.found, search.simulations - seeding)
    }

    /// Runs `body` on each random market the tests search, for each trade type, with a label.
    static func forEachRandomMarket(_ body: (PoolGraph, TradeType, Comment) throws -> Void) throws {
        for seed in UInt64(1)...8 {
            let market = try MarketBuilder.random(tokenCount: 6, extraPools: 14, seed: seed)
            let graph = PoolGraph(snapshot: market.snapshot)
            for type in TradeType.allCases { try body(graph, type, "seed \(seed) \(type)") }
        }
    }

    @Test func seededSearchFindsWhatTheUnseededOneFinds() throws {
        var (walkedSeeded, walkedPlain) = (0, 0)
        try Self.forEachRandomMarket { graph, type, label in
            let small = UInt256(10_000_000_000_000_000)
            let large = small &* UInt256(2_000)
            let plain = Self.search(graph, type, amount: large, seeds: nil)
            // Paths best for another amount, worst first, and a path repeated.
            let elsewhere = Self.search(graph, type, amount: small, seeds: nil).found.map(\.path)
            let seeded = Self.search(graph, type, amount: large, seeds: elsewhere.reversed() + elsewhere)
            #expect(seeded.found.map(\.path) == plain.found.map(\.path), label)
            #expect(seeded.found.map(\.amount) == plain.found.map(\.amount), label)
            // Seeded with its own answer, the walk prunes from the start: it never simulates
            // more hops, and over these markets fewer.
            let answered = Self.search(graph, type, amount: large, seeds: plain.found.map(\.path))
            #expect(answered.found.map(\.path) == plain.found.map(\.path))
            #expect(answered.walked <= plain.walked, label)
            walkedSeeded += answered.walked
            walkedPlain += plain.walked
        }
        #expect(walkedSeeded < walkedPlain)
    }

    @Test func seedsThroughExcludedPoolsAreIgnored() throws {
        let market = try MarketBuilder.random(tokenCount: 6, extraPools: 14, seed: 3)
        let graph = PoolGraph(snapshot: market.snapshot)
        let amount = UInt256(10_000_000_000_000_000)
        let best = try #require(Self.search(graph, .exactIn, amount: amount, seeds: nil).found.first?.path)
        var search = PathSearch(graph: graph, simulator: PathSimulator(graph: graph, gas: GasModel()), type: .exactIn,
                                maxHops: 3, keep: 3, budget: 100_000)
        search.excludedPools = [best.pools[0]]
        search.seed([best], amount: amount)
        search.run(tokenIn: 0, tokenOut: 5, amount: amount)
        #expect(!search.found.contains { $0.path.pools.contains(best.pools[0]) })
    }

    /// A bar set with `mustBeat` keeps exactly the paths that beat it, the same as the search
    /// without it finds, and spares simulations: none at all where no path beats it.
    @Test func aSearchThatMustBeatAnAmountKeepsOnlyThePathsThatDo() throws {
        var (walkedBarred, walkedPlain) = (0, 0)
        let amount = UInt256(10_000_000_000_000_000) &* UInt256(2_000)
        try Self.forEachRandomMarket { graph, type, label in
            let plain = Self.search(graph, type, amount: amount, seeds: nil)
            guard let second = plain.found.dropFirst().first else { return }
            for bar in [second.amount, plain.found[0].amount] {
                let barred = Self.search(graph, type, amount: amount, seeds: nil, mustBeat: bar)
                let beating = plain.found.filter { type == .exactIn ? $0.amount > bar : $0.amount < bar }
                #expect(barred.found.map(\.path) == beating.map(\.path), label)
                #expect(barred.walked <= plain.walked, label)
                walkedBarred += barred.walked
                walkedPlain += plain.walked
            }
        }
        #expect(walkedBarred < walkedPlain)
    }
}
