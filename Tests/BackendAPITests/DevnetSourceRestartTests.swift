@testable import BackendAPI
import DataLoop
import Foundation
import Market
import Testing

/// The devnet source restarted on a stored market, as the ingest service restarts it after a
/// store outage or a leader change, against a real PostgreSQL.
///
/// Without `DEVNET_START_TIME` the chain a source computes from the clock starts on the last
/// whole minute before now minus the history, so a restart a minute later computes another
/// chain. Its genesis applied on top of the stored market mints the pools' liquidity a second
/// time, and its swaps then set each pool's active liquidity to the other chain's value: the
/// stored pools no longer agree with their ticks and the store cannot be loaded
/// (`DEXMathError.invalidPoolState`). That is how `FaultRecoveryTests.postgresOutage` failed
/// on a loaded machine, where the outage ended more than 40 s after the test's clock started.
@Suite(.enabled(if: DataPlaneTest.hasDatabase, DataPlaneTest.noDatabase))
struct DevnetSourceRestartTests {
    /// A UTC midnight: the history starts on the minute, so 20 s past it the chain starts at
    /// `day`, and 80 s past it at `day + 60`.
    static let day: Int64 = 1_760_000_000 - 1_760_000_000 % 86_400
    static let chainId: UInt64 = 8453

    let settings: BackendSettings

    init() throws {
        settings = try BackendSettings.load(from: ReplicaNode.environment(databaseURL: nil, redisURL: nil, redisPrefix: "unused:", swapsPerSecond: 20))
    }

    /// A source whose clock stands still at `now`: built on `store` as the backend builds it,
    /// or knowing nothing of the stored genesis (as when the store could not tell).
    func source(at now: Int64, store: (any MarketStore)? = nil) -> DevnetEventSource {
        var source = store.map { DevnetEventSource(settings: settings.devnet, chainId: Self.chainId, logger: DataPlaneTest.logger, store: $0) }
            ?? DevnetEventSource(settings: settings.devnet, chainId: Self.chainId, logger: DataPlaneTest.logger)
        source.now = { now }
        return source
    }

    /// A migrated store in a schema of its own and a pipeline writing to it.
    func withStore(_ body: (PostgresMarketStore, IngestPipeline) async throws -> Void) async throws {
        try await DataPlaneTest.withStore(chainId: Self.chainId) { store, _ in
            let hub = MarketHub(chainId: Self.chainId, stablecoins: Set(BaseTokenList.usdStablecoins), logger: DataPlaneTest.logger)
            let pipeline = IngestPipeline(state: MarketState(chainId: Self.chainId), store: store, bus: InProcessEventBus(), hub: hub,
                                          logger: DataPlaneTest.logger)
            try await body(store, pipeline)
        }
    }

    /// One run of `source` as `IngestService` makes it: load the store, resume the pipeline
    /// from it, run. Stopped once the pipeline committed `batches` more batches (the clock
    /// stands still, so the source then only waits); a run that fails first rethrows.
    func run(_ source: DevnetEventSource, store: PostgresMarketStore, pipeline: IngestPipeline, batches: Int) async throws {
        let stored = try await store.load(chainId: Self.chainId)
        await pipeline.resume(from: stored)
        let start = await pipeline.commits
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await source.run(resumingAfter: stored?.checkpoint, into: pipeline) }
            group.addTask { try await DataPlaneTest.eventually("\(batches) batches committed") { await pipeline.commits >= start + batches } }
            try await group.next()
            group.cancelAll()
        }
    }

    @Test func aRestartThatComputesAnotherChainLeavesTheStoredMarketAlone() async throws {
        try await withStore { store, pipeline in
            // Genesis, then the 20 blocks up to now in one batch.
            try await run(source(at: Self.day + 20), store: store, pipeline: pipeline, batches: 2)
            let before = try #require(try await store.load(chainId: Self.chainId))

            // A minute later, with the stored genesis unknown, the clock gives a chain starting
            // at day + 60: not the stored one.
            await #expect(throws: DevnetEventSource.ForeignChain.self) {
                try await run(source(at: Self.day + 80), store: store, pipeline: pipeline, batches: 2)
            }

            let after = try #require(try await store.load(chainId: Self.chainId))
            #expect(after.checkpoint == before.checkpoint)
            #expect(after.state.sequence == before.state.sequence)
        }
    }

    @Test func aSourceOnTheStoreResumesTheStoredChainAMinuteLater() async throws {
        try await withStore { store, pipeline in
            try await run(source(at: Self.day + 20, store: store), store: store, pipeline: pipeline, batches: 2)
            // The clock alone would now give the chain starting at day + 60; the store says day.
            // Resumed, the source catches up the 60 blocks since in one batch.
            try await run(source(at: Self.day + 80, store: store), store: store, pipeline: pipeline, batches: 1)

            let loaded = try #require(try await store.load(chainId: Self.chainId))
            let checkpoint = try #require(loaded.checkpoint)
            var market = try DevnetMarket(configuration: source(at: Self.day + 20).configuration(startingBefore: Self.day + 20))
            #expect(market.configuration.startTime == Self.day)
            let genesisBlock = market.genesis.checkpoint.blockNumber
            var expected = market.genesis.events.map(\.id)
            while market.head.blockNumber < checkpoint.blockNumber { expected += market.nextBlock().events.map(\.id) }
            #expect(checkpoint.blockNumber == genesisBlock + 80)
            #expect(market.head == checkpoint)
            let stored = try await store.events(after: 0, limit: 1_000_000)
            #expect(stored.map(\.sequence) == Array(1...UInt64(stored.count)))
            #expect(stored.map(\.event.id) == expected)
        }
    }
}
