import ChainIndexer
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
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
        let followerReadiness = Self.readiness(IndexerProgress(), ReportedIndexerStatus())
        let services: [any Service] = [
            IndexerStatusPublisher(progress: leader, bus: bus, interval: .milliseconds(5), logger: Self.logger),
            BusFollower(bus: bus, store: fixture.store, hub: fixture.hub, indexerStatus: followerReadiness.reported, logger: Self.logger),
        ]
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: Self.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            #expect(followerReadiness.current == .notReady(code: "INDEXER_NOT_REPORTING",
                                                           reason: "no replica has reported the chain indexer's progress for 30 s; the market may be old"))
            leader.started()
            try await DataPlaneTest.eventually("the follower to see the leader start") { Self.code(followerReadiness.current) == "INDEXER_CATCHING_UP" }
            leader.reached(next: 1, head: 10_005, confirmations: 5)
            try await DataPlaneTest.eventually("the follower to see the leader's lag") {
                guard case .notReady(_, let reason) = followerReadiness.current else { return false }
                return reason.contains("the leading replica's chain indexer is 10000 blocks behind")
            }
            leader.reached(next: 9_990, head: 10_005, confirmations: 5)
            try await DataPlaneTest.eventually("the follower to become ready") { followerReadiness.current == .ready }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("a standing older than the bound counts as none: no replica is indexing")
    func staleStanding() async throws {
        let reported = ReportedIndexerStatus()
        reported.record(IndexerStatus(behindBlocks: 0))
        #expect(Self.readiness(IndexerProgress(), reported).current == .ready)
        let readiness = Self.readiness(IndexerProgress(), reported, maxStatusAge: .milliseconds(50))
        try await DataPlaneTest.eventually("the standing to age out") { Self.code(readiness.current) == "INDEXER_NOT_REPORTING" }
        #expect(IndexerStatus(.idle) == nil)
        #expect(IndexerStatus(.starting) == IndexerStatus(behindBlocks: nil))
        #expect(IndexerStatus(.behind(blocks: 7)) == IndexerStatus(behindBlocks: 7))
    }

    static func code(_ readiness: Readiness) -> String? {
        if case .notReady(let code, _) = readiness { code } else { nil }
    }
}
