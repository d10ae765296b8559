import DEXMath
import Market
import Testing
@testable import Routing

@Suite struct WiderLegTests {
    static let e18 = UInt256(1_000_000_000_000_000_000)

    /// A pool whose liquidity sits in a position of ±600 ticks (about 3·10²² of either token
    /// moves the price across it), with almost nothing outside: a share well inside it pays
    /// its second share about as much as its first; one that takes most of it pays the second
    /// under half (exact input), or cannot fill twice (exact output).
    @Test func aLegSaturatesWhenItsSecondSharePaysUnderHalfItsFirst() throws {
        var market = MarketBuilder(tokenCount: 2)
        try market.concentrated(0, 1, liquidity: 1_000_000_000_000_000_000, concentrated: 1_000_000_000_000_000_000_000_000)
        let graph = PoolGraph(snapshot: market.snapshot)
        var estimator = PathSimulator(graph: graph, gas: RouterConfiguration().gas)
        estimator.estimates = true
        let path = Path(tokens: [0, 1], pools: [0])
        func saturates(_ amount: UInt256, _ type: TradeType) throws -> Bool {
            QuoteEngine.saturates(path, at: amount, doubled: try amount + amount, type: type, estimator: estimator)
        }
        let inside = try UInt256(1_000) * Self.e18
        let most = try UInt256(25_000) * Self.e18
        #expect(try !saturates(inside, .exactIn))
        #expect(try saturates(most, .exactIn))
        #expect(try !saturates(inside, .exactOut))
        #expect(try saturates(most, .exactOut))
    }

    /// The case that showed the need, on the 10,000-pool benchmark market, WETH→USDC medium
    /// with 3 hops and 3 splits: the engine's smallest leg, 3 hops after its detour, carried a
    /// tenth and saturated there; the baseline's third leg takes a fifth through 2 deeper
    /// pools, which no search at a tenth or a twentieth ranks first. Before, the engine quoted
    /// 8,260,447,766,186 (8.8 bp under the baseline).
    @Test func aSaturatedLegAtTheHopLimitGivesWayToADeeperPath() throws {
        try TailExchangeTests.expectDisjointQuote(reaching: "8267698825025", onBenchmarkMarketOf: 10_000,
                                                  from: "0x4200000000000000000000000000000000000006", to: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
                                                  amount: "2815672916829992151612", maxHops: 3, maxSplits: 3)
    }
}
