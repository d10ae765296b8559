import ChainIndexer
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BackendAPI

@Suite("Backend /ready: the chain indexer's lag")
struct IndexerReadinessTests {
    @Test("an indexing replica is not ready until its indexer has read the head and is within the lag bound")
    func readyOnlyWhenCaughtUp() async throws {
        let fixture = try await BackendFixture.make(minutes: 1)
        let progress = IndexerProgress()
        let indexer = IndexerReadiness(progress: progress, maxLagBlocks: 50)
        try await fixture.app(settings: try BackendFixture.settings(), indexer: indexer).0.test(.router) { client in
            // Not indexing here (a follower, or the source restarting): the market is served.
            #expect(try await client.get("/ready").status == .ok)

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

            // Liveness never depends on it.
            #expect(try await client.get("/health").status == .ok)
        }
    }
}
