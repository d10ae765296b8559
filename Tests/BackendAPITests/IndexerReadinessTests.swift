import ChainIndexer
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceKit
import Testing
@testable import BackendAPI

@Suite("Backend /ready: the chain indexer's lag")
struct IndexerReadinessTests {
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func readiness(_ progress: IndexerProgress, _ reported: ReportedIndexerStatus, maxStatusAge: Duration = .seconds(30)) -> IndexerReadiness {
        IndexerReadiness(progress: progress, reported: reported, maxLagBlocks: 50, maxStatusAge: maxStatusAge)
    }

    @Test("the indexing replica is not ready until its indexer has read the head and is within the lag bound")
    func indexingReplica() async throws {
        let fixture = try await BackendFixture.make(minutes: 1)
        let progress = IndexerProgress()
        let reported = ReportedIndexerStatus()
        try await fixture.app(settings: try BackendFixture.settings(), indexer: Self.readiness(progress, reported)).0.test(.router) { client in
            // No indexer runs here and none has reported: the market may be any age.
            let silent = try await client.get("/ready")
            #expect(silent.status == .serviceUnavailable)
            #expect(silent.errorCode == "INDEXER_NOT_REPORTING")

            progress.started()
            let starting = try await client.get("/ready")
            #expect(starting.status == .serviceUnavailable)
            #expect(starting.errorCode == "INDEXER_CATCHING_UP")

            progress.reached(next: 1, head: 10_005, confirmations: 5)
            let behind = try await client.get("/ready")
            #expect(behind.status == .serviceUnavailable)
            #expect(behind.errorCode == "INDEXER_CATCHING_UP")
            let message = (try behind.object["error"] as? [String: Any])?["message"] as? String
            #expect(message?.contains("10000 blocks behind") == true)

            progress.reached(next: 9_951, head: 10_005, confirmations: 5)
            #expect(try await client.get("/ready").status == .ok)
            progress.reached(next: 9_950, head: 10_005, confirmations: 5)
            #expect(try await client.get("/ready").status == .serviceUnavailable)

            // Its own standing counts, not an older one on the bus.
            reported.record(IndexerStatus(behindBlocks: 0))
            #expect(try await client.get("/ready").status == .serviceUnavailable)

            // Liveness never depends on it.
            #expect(try await client.get("/health").status == .ok)
        }
    }

    @Test("a replica that only follows is ready exactly when the indexing replica's published standing is")
    func followingReplica() async throws {
        let bus = InProcessEventBus()
        let fixture = try await BackendFixture.make(minutes: 1)
        let leader = IndexerProgress()
        let publisher = IndexerStatusPublisher(progress: leader, bus: bus, interval: .seconds(5), logger: Self.logger)
        let followerReadiness = Self.readiness(IndexerProgress(), ReportedIndexerStatus())
        let follower = BusFollower(bus: bus, store: fixture.store, hub: fixture.hub, indexerStatus: followerReadiness.reported, logger: Self.logger)
        var delivered = await bus.subscribe().makeAsyncIterator()
        // One publication, carried by the bus to the follower as its service would.
        func relay() async throws {
            await publisher.publishCurrent()
            let batch = try #require(await delivered.next())
            #expect(batch.events.isEmpty)
            await follower.follow(batch)
        }

        #expect(followerReadiness.current == .notReady(code: "INDEXER_NOT_REPORTING",
                                                       reason: "no replica has reported the chain indexer's progress for 30 s; the market may be old"))
        leader.started()
        try await relay()
        #expect(followerReadiness.current == .notReady(code: "INDEXER_CATCHING_UP", reason: "the leading replica's chain indexer has not read the chain head yet"))
        leader.reached(next: 1, head: 10_005, confirmations: 5)
        try await relay()
        guard case .notReady("INDEXER_CATCHING_UP", let reason) = followerReadiness.current else {
            Issue.record("a follower of an indexer 10,000 blocks behind reported \(followerReadiness.current)")
            return
        }
        #expect(reason.contains("the leading replica's chain indexer is 10000 blocks behind"))
        leader.reached(next: 9_990, head: 10_005, confirmations: 5)
        try await relay()
        #expect(followerReadiness.current == .ready)
    }

    @Test("a standing older than the bound counts as none: no replica is indexing")
    func staleStanding() {
        let reported = ReportedIndexerStatus()
        let readiness = Self.readiness(IndexerProgress(), reported)
        reported.record(IndexerStatus(behindBlocks: 0), at: .now - .seconds(29))
        #expect(readiness.current == .ready)
        reported.record(IndexerStatus(behindBlocks: 0), at: .now - .seconds(31))
        #expect(Self.code(readiness.current) == "INDEXER_NOT_REPORTING")
        #expect(IndexerStatus(.idle) == nil)
        #expect(IndexerStatus(.starting) == IndexerStatus(behindBlocks: nil))
        #expect(IndexerStatus(.behind(blocks: 7)) == IndexerStatus(behindBlocks: 7))
    }

    static func code(_ readiness: Readiness) -> String? {
        if case .notReady(let code, _) = readiness { code } else { nil }
    }
}
