import Foundation
import Logging
import Market
import Synchronization
import Testing
@testable import BackendAPI

/// The embedded store, made to fail its next commits on demand: a store outage.
final class FailingStore: MarketStore {
    let inner = InMemoryMarketStore()
    let failures = Mutex(0)
    struct Outage: Error {}

    var kind: String { "failing" }
    func migrate() async throws {}
    func load(chainId: UInt64) async throws -> StoredMarket? { try await inner.load(chainId: chainId) }
    func register(_ tokens: [Token]) async throws { try await inner.register(tokens) }
    func commit(_ batch: IngestBatch) async throws {
        let fail = failures.withLock { count in
            defer { count = max(0, count - 1) }
            return count > 0
        }
        if fail { throw Outage() }
        try await inner.commit(batch)
    }
    func events(after: UInt64, limit: Int) async throws -> [AppliedEvent] { try await inner.events(after: after, limit: limit) }
    func isHealthy() async -> Bool { failures.withLock { $0 == 0 } }
}

@Suite("Ingest pipeline, hub and bus follower")
struct IngestPipelineTests {
    static let logger = Logger(label: "test")

    static func market() throws -> DevnetMarket {
        try DevnetMarket(configuration: DevnetConfiguration(seed: 5, swapsPerSecond: 4, startTime: BackendFixture.start))
    }

    static func blocks(_ market: inout DevnetMarket, _ count: Int) -> [DevnetBlock] {
        (0..<count).map { _ in market.nextBlock() }
    }

    @Test("ingesting the same events twice applies them once")
    func replay() async throws {
        let fixture = try await BackendFixture.make(minutes: 1)
        let before = fixture.hub.view.state.snapshot()
        let sequence = fixture.hub.sequence
        let replayed = try await fixture.store.events(after: 0, limit: 10_000).map(\.event)
        try await fixture.pipeline.ingest(replayed, checkpoint: fixture.market.head)
        #expect(fixture.hub.sequence == sequence)
        #expect(fixture.hub.view.state.snapshot() == before)
        #expect(try await fixture.store.events(after: 0, limit: 100_000).count == Int(sequence))
    }

    @Test("a batch the store cannot commit changes nothing, and succeeds when retried")
    func storeOutage() async throws {
        var market = try Self.market()
        let store = FailingStore()
        let hub = MarketHub(chainId: 8453, stablecoins: Set(BaseTokenList.usdStablecoins), logger: Self.logger)
        let pipeline = IngestPipeline(state: MarketState(chainId: 8453), store: store, bus: InProcessEventBus(), hub: hub, logger: Self.logger)
        try await pipeline.register(market.tokens)
        try await pipeline.ingest(market.genesis.events, checkpoint: market.genesis.checkpoint)
        let blocks = Self.blocks(&market, 20)
        let events = blocks.flatMap(\.events)
        let sequence = hub.sequence
        store.failures.withLock { $0 = 1 }
        await #expect(throws: FailingStore.Outage.self) { try await pipeline.ingest(events, checkpoint: blocks.last!.checkpoint) }
        #expect(hub.sequence == sequence)
        #expect(await pipeline.sequence == sequence)
        #expect(try await store.events(after: sequence, limit: 10).isEmpty)
        try await pipeline.ingest(events, checkpoint: blocks.last!.checkpoint)
        #expect(hub.sequence == sequence + UInt64(events.count))
        #expect(hub.view.state.snapshot() == market.state.snapshot())
    }

    @Test("a follower that missed batches catches up from the store, in order, without duplicates")
    func followerCatchesUp() async throws {
        let fixture = try await BackendFixture.make(minutes: 1)
        let follower = MarketHub(chainId: 8453, stablecoins: Set(BaseTokenList.usdStablecoins), logger: Self.logger)
        let updates = follower.updates()
        let service = BusFollower(bus: fixture.bus, store: fixture.store, hub: follower, logger: Self.logger)
        // The follower starts empty: the first batch it sees is far ahead of it.
        var market = fixture.market
        let block = Self.blocks(&market, 40).last { !$0.events.isEmpty }!
        let before = fixture.hub.sequence
        try await fixture.pipeline.ingest(block.events, checkpoint: block.checkpoint)
        let latest = try await fixture.store.events(after: before, limit: 100)
        await service.follow(PublishedBatch(tokens: market.tokens, events: latest))
        #expect(follower.sequence == fixture.hub.sequence)
        #expect(follower.view.state.snapshot() == fixture.hub.view.state.snapshot(), "the follower's state differs from the leader's")
        // Channel messages came out in sequence order, each sequence once.
        var seen: [UInt64] = []
        for await batch in updates {
            seen += batch.filter { $0.channel == "swaps" }.map(\.seq)
            if batch.contains(where: { $0.seq == fixture.hub.sequence }) { break }
        }
        #expect(seen == seen.sorted())
        #expect(Set(seen).count == seen.count)
    }
}
