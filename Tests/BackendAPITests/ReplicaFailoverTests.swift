@testable import BackendAPI
import Foundation
import Market
import Testing

/// Two replicas sharing one PostgreSQL and one Redis, as in a Deployment with two pods.
@Suite(.enabled(if: DataPlaneTest.hasBoth, DataPlaneTest.noServers))
struct ReplicaFailoverTests {
    @Test func followerSeesEveryEventOnceInOrderAndTakesOverWhenTheLeaderDies() async throws {
        let schema = try DataPlaneTest.schema()
        let environment = ReplicaNode.environment(databaseURL: DataPlaneTest.databaseURL, redisURL: DataPlaneTest.redisURL,
                                                  redisPrefix: DataPlaneTest.unique("replica") + ":")
        let clock = ReplicaNode.devnetClock()
        let a = try await ReplicaNode(name: "a", environment: environment, schema: schema, clock: clock)
        try await DataPlaneTest.eventually("replica a to lead and ingest") { !a.leadStarts.isEmpty && a.hub.sequence > 0 }
        let b = try await ReplicaNode(name: "b", environment: environment, schema: schema, clock: clock)
        // b follows a's live swaps through Redis.
        let followFrom = a.hub.sequence
        try await DataPlaneTest.eventually("replica b to follow 200 events") { b.hub.sequence > followFrom + 200 }
        #expect(b.leadStarts.isEmpty)

        let killedAt = ContinuousClock.now
        await a.kill()
        let lastOfA = try #require(try await DataPlaneTest.storedSequences(b.store).last)
        try await DataPlaneTest.eventually("replica b to take over", seconds: 10) { !b.leadStarts.isEmpty }
        #expect(b.leadStarts[0] - killedAt < .seconds(10))
        try await DataPlaneTest.eventually("replica b to ingest 200 events of its own") { b.hub.sequence > lastOfA + 200 }
        await b.stop()

        try await DataPlaneTest.withPool { pool in
            let store = PostgresMarketStore(pool: pool, schema: schema, chainId: 8453, logger: DataPlaneTest.logger)
            // The store holds every sequence once: 1, 2, 3 … with no gap across the takeover.
            let stored = try await DataPlaneTest.storedSequences(store)
            #expect(stored == Array(1...UInt64(stored.count)))
            #expect(stored.count >= Int(lastOfA) + 200)
            // Each hub's feed delivered exactly the stored swaps after its start, in order, once.
            let bExpected = try await DataPlaneTest.expectedSwaps(store, for: b)
            #expect(b.swapSequences == bExpected)
            let aExpected = try await DataPlaneTest.expectedSwaps(store, for: a)
            #expect(a.swapSequences == aExpected)
            #expect(a.hub.sequence <= lastOfA)
            // b's feed covered the takeover: it delivered events b ingested itself. (How many
            // of them came as per-event messages depends on batch sizes, so on the machine's load.)
            #expect(b.lastSeen > lastOfA + 100)
        }
        await DataPlaneTest.dropSchema(schema)
    }
}
