// Route-engine benchmarks: quote latency of `Routing.QuoteEngine` on synthetic markets of 100,
// 1,000 and 10,000 pools by hop and split limit and trade type, and
// `PoolGraph.applying` a change set of 1 and 50 pools. See ../../README.md ("Routing").
//
// Conventions:
// - Each package-benchmark run is its own process, so the registration below only declares
//   benchmarks; markets, graphs and request lists are built in each benchmark's `setup`,
//   outside the measured region, and cached for the process (`Fixtures`).
// - One quote per iteration (scaling factor 1), so the percentiles are per-quote latencies.
//   Iteration i quotes request i mod n of the benchmark's fixed request list (RoutingWorkload:
//   hub↔hub, hub↔tail, tail↔tail pairs × small, medium, large amounts). Requests the engine
//   cannot quote at that hop limit (no route, not enough liquidity) are left out in setup, so
//   every measured iteration computes a real quote.
// - Times are reported in µs (fixed, so slow configurations keep their resolution).
// - The engine uses the production defaults (`RouterConfiguration()`: gas-aware at 0.01 gwei),
//   single-threaded: one quote at a time on one core.

import Benchmark
import DEXMath
import Market
import Routing
import RoutingWorkload
import Synchronization

// MARK: - Fixtures (built in setup, cached per process)

struct MarketFixture: Sendable {
    var snapshot: MarketSnapshot
    var graph: PoolGraph
}

final class Fixtures: Sendable {
    static let shared = Fixtures()
    private let markets = Mutex<[Int: MarketFixture]>([:])
    private let requestLists = Mutex<[String: [QuoteRequest]]>([:])
    private let values = Mutex<[String: any Sendable]>([:])

    func market(_ pools: Int) throws -> MarketFixture {
        if let known = markets.withLock({ $0[pools] }) { return known }
        let snapshot = try WorkloadMarket.snapshot(pools: pools)
        let fixture = MarketFixture(snapshot: snapshot, graph: PoolGraph(snapshot: snapshot))
        markets.withLock { $0[pools] = fixture }
        return fixture
    }

    func setRequests(_ list: [QuoteRequest], for name: String) { requestLists.withLock { $0[name] = list } }
    func requests(_ name: String) -> [QuoteRequest] { requestLists.withLock { $0[name] ?? [] } }
    func set(_ value: any Sendable, for name: String) { values.withLock { $0[name] = value } }
    func value<T>(_ name: String, as _: T.Type) -> T { values.withLock { $0[name] as! T } }
}

enum RoutingBenchmarkError: Error, CustomStringConvertible {
    case noQuotableRequest(String)
    var description: String {
        switch self {
        case .noQuotableRequest(let name): "\(name): the engine quotes none of the workload's requests"
        }
    }
}

/// The workload's requests for a market, type and limits, keeping those the engine can quote.
func quotableRequests(_ fixture: MarketFixture, exactIn: Bool, limits: RouteLimits, engine: QuoteEngine) throws -> [QuoteRequest] {
    try WorkloadRequests.make(fixture.snapshot, exactIn: exactIn).compactMap { request in
        let quoteRequest = try QuoteRequest(tokenIn: request.tokenIn, tokenOut: request.tokenOut, amount: request.amount,
                                            type: exactIn ? .exactIn : .exactOut, maxHops: limits.maxHops, maxSplits: limits.maxSplits)
        return (try? engine.quote(quoteRequest, graph: fixture.graph)) == nil ? nil : quoteRequest
    }
}

/// A change set of `count` pools spread over the market, each moved by a small swap (what a
/// block of trades does): same addresses and tokens, new price / reserves.
func changeSet(_ snapshot: MarketSnapshot, count: Int) throws -> MarketSnapshot {
    let stride = max(1, snapshot.pools.count / count)
    var changed: [MarketPool] = []
    for i in 0..<count {
        var pool = snapshot.pools[(i * stride) % snapshot.pools.count]
        let zeroForOne = i % 2 == 0
        switch pool.state {
        case .concentrated(var p):
            let amount = max(UInt256(1_000), (try? WorkloadRequests.virtualReserve(of: zeroForOne ? pool.token0 : pool.token1, in: pool) / UInt256(100_000)) ?? .one)
            let limit = zeroForOne ? TickMath.minSqrtRatio &+ .one : TickMath.maxSqrtRatio &- .one
            try p.executeSwap(zeroForOne: zeroForOne, amountSpecified: Int256(exactly: amount)!, sqrtPriceLimitX96: limit)
            pool.state = .concentrated(p)
        case .constantProduct(var p):
            let amount = max(UInt256(1_000), (try? (zeroForOne ? p.reserve0 : p.reserve1) / UInt256(100_000)) ?? .one)
            p.apply(try p.swap(zeroForOne: zeroForOne, amountSpecified: Int256(exactly: amount)!))
            pool.state = .constantProduct(p)
        }
        changed.append(pool)
    }
    return MarketSnapshot(chainId: snapshot.chainId, sequence: snapshot.sequence + 1, tokens: [], pools: changed)
}

// MARK: - Benchmarks

let benchmarks: @Sendable () -> Void = {
    let engine = QuoteEngine()
    let quoteMetrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal]

    // MARK: Quote latency

    for pools in WorkloadMarket.sizes {
        for exactIn in [true, false] {
            for limits in RouteLimits.measured(pools: pools) {
                let name = "quote \(pools) pools \(exactIn ? "exactIn" : "exactOut") hops \(limits.maxHops) splits \(limits.maxSplits)"
                // The issue's target configuration gets a longer run for a steadier p99.
                let isTarget = pools == 1_000 && exactIn && limits == RouteLimits(maxHops: 4, maxSplits: 3)
                let configuration = Benchmark.Configuration(
                    metrics: quoteMetrics, timeUnits: .microseconds, warmupIterations: 3, scalingFactor: .one,
                    maxDuration: .seconds(isTarget ? 6 : (pools >= 10_000 ? 3 : 2)), maxIterations: isTarget ? 20_000 : 5_000,
                    setup: {
                        let fixture = try Fixtures.shared.market(pools)
                        let list = try quotableRequests(fixture, exactIn: exactIn, limits: limits, engine: engine)
                        guard !list.isEmpty else { throw RoutingBenchmarkError.noQuotableRequest(name) }
                        Fixtures.shared.setRequests(list, for: name)
                    }
                )
                Benchmark(name, configuration: configuration) { benchmark in
                    let graph = try! Fixtures.shared.market(pools).graph
                    let list = Fixtures.shared.requests(name)
                    let request = list[benchmark.currentIteration % list.count]
                    benchmark.startMeasurement()
                    blackHole(try? engine.quote(request, graph: graph))
                    benchmark.stopMeasurement()
                }
            }
        }
    }

    // MARK: Graph update

    for count in [1, 50] {
        let name = "PoolGraph.applying \(count) changed pool\(count == 1 ? "" : "s") (1000-pool graph)"
        Benchmark(name, configuration: .init(
            metrics: [.wallClock, .mallocCountTotal], timeUnits: .microseconds, warmupIterations: 3, scalingFactor: .one,
            maxDuration: .seconds(2), maxIterations: 10_000,
            setup: {
                let fixture = try Fixtures.shared.market(1_000)
                Fixtures.shared.set(try changeSet(fixture.snapshot, count: count), for: name)
            }
        )) { benchmark in
            let graph = try! Fixtures.shared.market(1_000).graph
            let changes = Fixtures.shared.value(name, as: MarketSnapshot.self)
            benchmark.startMeasurement()
            blackHole(graph.applying(changes))
            benchmark.stopMeasurement()
        }
    }
}
