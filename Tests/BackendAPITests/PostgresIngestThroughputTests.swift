@testable import BackendAPI
import Foundation
import Market
import Testing

/// Ingest throughput into PostgreSQL (Benchmarks/load/ingest-postgres.sh runs it): the devnet's
/// events through the real pipeline (apply, commit, hub, bus) in history-sized and live-sized
/// batches, against the embedded store as the baseline. Off unless BASEBOOK_BENCH_INGEST=1; it
/// prints figures and asserts only that every event was stored.
@Suite(.enabled(if: DataPlaneTest.hasDatabase && ProcessInfo.processInfo.environment["BASEBOOK_BENCH_INGEST"] == "1",
                "a benchmark: set BASEBOOK_BENCH_INGEST=1 (and run through scripts/test.sh)"))
struct PostgresIngestThroughputTests {
    static let blocks = Int(ProcessInfo.processInfo.environment["BENCH_BLOCKS"] ?? "") ?? 900
    static let swapsPerSecond = Double(ProcessInfo.processInfo.environment["BENCH_SWAPS_PER_SECOND"] ?? "") ?? 50

    /// The devnet's batches, generated before timing so only ingestion is measured.
    func batches(blocksPerBatch: Int) throws -> (tokens: [Token], batches: [([MarketEvent], IndexerCheckpoint)], events: Int) {
        var market = try DevnetMarket(configuration: DevnetConfiguration(seed: 3, chainId: 8453, swapsPerSecond: Self.swapsPerSecond,
                                                                         startTime: 1_760_000_000 - 1_760_000_000 % 86_400, blockTime: 2))
        var batches = [(market.genesis.events, market.genesis.checkpoint)]
        var pending: [MarketEvent] = []
        for index in 1...Self.blocks {
            let block = market.nextBlock()
            pending += block.events
            if index % blocksPerBatch == 0 || index == Self.blocks {
                batches.append((pending, block.checkpoint))
                pending = []
            }
        }
        return (market.tokens, batches, batches.reduce(0) { $0 + $1.0.count })
    }

    func measure(_ store: any MarketStore, blocksPerBatch: Int) async throws -> (events: Int, seconds: Double) {
        let (tokens, batches, events) = try batches(blocksPerBatch: blocksPerBatch)
        let hub = MarketHub(chainId: 8453, stablecoins: Set(BaseTokenList.usdStablecoins), logger: DataPlaneTest.logger)
        let pipeline = IngestPipeline(state: MarketState(chainId: 8453), store: store, bus: InProcessEventBus(), hub: hub, logger: DataPlaneTest.logger)
        try await pipeline.register(tokens)
        let start = ContinuousClock.now
        for (events, checkpoint) in batches { try await pipeline.ingest(events, checkpoint: checkpoint) }
        let elapsed = ContinuousClock.now - start
        #expect(await pipeline.sequence == UInt64(events))
        return (events, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    @Test func ingestThroughput() async throws {
        for blocksPerBatch in [300, 1] {
            let baseline = try await measure(InMemoryMarketStore(), blocksPerBatch: blocksPerBatch)
            let schema = try DataPlaneTest.schema()
            try await DataPlaneTest.withPool(DataPlaneTest.postgres(min: 2, max: 4)) { pool in
                let store = PostgresMarketStore(pool: pool, schema: schema, chainId: 8453, logger: DataPlaneTest.logger)
                try await store.migrate()
                let result = try await measure(store, blocksPerBatch: blocksPerBatch)
                #expect(try await DataPlaneTest.storedSequences(store).count == result.events)
                let loadStart = ContinuousClock.now
                let loaded = try await store.load(chainId: 8453)
                let loadTime = ContinuousClock.now - loadStart
                print(String(format: "ingest-bench blocksPerBatch=%d events=%d postgres=%.2fs %.0f events/s | embedded=%.2fs %.0f events/s | load(%d swaps)=%@",
                             blocksPerBatch, result.events, result.seconds, Double(result.events) / result.seconds,
                             baseline.seconds, Double(baseline.events) / baseline.seconds, loaded?.analytics.swaps.count ?? 0, "\(loadTime)"))
                _ = try await pool.query("DROP SCHEMA \(schema.name) CASCADE")
            }
        }
    }
}
