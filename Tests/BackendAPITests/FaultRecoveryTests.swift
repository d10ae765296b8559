@testable import BackendAPI
import AsyncHTTPClient
import DataLoop
import Foundation
import Logging
import Market
import ServiceKit
import Testing

/// PostgreSQL and Redis stopped (as in a crash) and started again under ingest traffic, on
/// throwaway servers: the backend keeps serving from memory, reports it on /ready, loses no
/// event, and recovers without a restart.
@Suite(.serialized, .enabled(if: DataPlaneTest.hasDatabase, DataPlaneTest.noDatabase),
       .enabled(if: FaultServers.available, "needs PostgreSQL server binaries under /usr/lib/postgresql and /usr/bin/redis-server"))
struct FaultRecoveryTests {
    struct Stats: Decodable { var sequence: UInt64 }

    func get(_ port: Int, _ path: String) async throws -> (status: UInt, body: Data) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        return (response.status.code, Data(buffer: body))
    }

    func sequence(_ port: Int) async throws -> UInt64 {
        let (status, body) = try await get(port, "/v1/stats")
        #expect(status == 200)
        return try JSONDecoder().decode(Stats.self, from: body).sequence
    }

    @Test
    func postgresOutage() async throws {
        let postgres = try ThrowawayPostgres()
        defer { postgres.destroy() }
        let port = try DataPlaneTest.freePort()
        var values = ReplicaNode.environment(databaseURL: postgres.url, redisURL: nil, redisPrefix: "unused:", swapsPerSecond: 20).values
        values["HOST"] = "127.0.0.1"
        values["PORT"] = "\(port)"
        values["METRICS_PORT"] = "\(try DataPlaneTest.freePort())"
        values["RATE_LIMIT_PER_MINUTE"] = "0"
        let settings = try BackendSettings.load(from: EnvironmentVariables(values))
        let backends = try await BackendServer.Backends.make(for: settings, logger: DataPlaneTest.logger)
        let server = BackendServer(settings: settings, metrics: MetricsRegistry(descriptions: BackendMetrics.descriptions),
                                   logger: DataPlaneTest.logger, backends: backends)
        let clock = ReplicaNode.devnetClock()
        // On the store, as the backend builds it: the restart after the outage may come after the
        // clock's minute has turned, and must still resume the stored chain.
        var source = DevnetEventSource(settings: settings.devnet, chainId: settings.chainId, logger: DataPlaneTest.logger, store: backends.store)
        source.now = clock
        let running = Task { [source] in try await server.run(source: source) }

        // Generous: the whole suite runs in parallel on two cores.
        try await DataPlaneTest.eventually("/ready to answer 200", seconds: 180) { (try? await get(port, "/ready"))?.status == 200 }
        try await DataPlaneTest.eventually("live ingestion") { (try? await sequence(port)) ?? 0 > 0 }
        let beforeOutage = try await sequence(port)

        try postgres.stop()
        try await DataPlaneTest.eventually("/ready to answer 503 while PostgreSQL is down") { (try? await get(port, "/ready"))?.status == 503 }
        // Reads come from memory meanwhile.
        let during = try await sequence(port)
        #expect(during >= beforeOutage)
        #expect(try await get(port, "/v1/pools").status == 200)
        #expect(try await get(port, "/health").status == 200)

        try postgres.start()
        try await DataPlaneTest.eventually("/ready to answer 200 again", seconds: 60) { (try? await get(port, "/ready"))?.status == 200 }
        try await DataPlaneTest.eventually("ingestion to resume", seconds: 60) { (try? await sequence(port)) ?? 0 > during + 100 }
        running.cancel()
        _ = await running.result

        // Nothing lost, nothing twice: the stored events are exactly the devnet chain's events
        // up to the stored checkpoint, numbered 1, 2, 3 … in chain order.
        try await DataPlaneTest.withPool(DataPlaneTest.postgres(postgres.url)) { pool in
            let store = PostgresMarketStore(pool: pool, schema: try PostgresSchema(), chainId: settings.chainId, logger: DataPlaneTest.logger)
            let loaded = try #require(try await store.load(chainId: settings.chainId))
            let checkpoint = try #require(loaded.checkpoint)
            var stored: [AppliedEvent] = []
            while true {
                let page = try await store.events(after: stored.last?.sequence ?? 0, limit: 5_000)
                if page.isEmpty { break }
                stored += page
            }
            // The chain the store began with; the clock alone gives another one once its minute turned.
            let genesis = try #require(loaded.state.pools.values.map(\.createdAt).min())
            var market = try DevnetMarket(configuration: source.configuration(startingBefore: clock(), storedGenesis: genesis))
            var expected = market.genesis.events.map(\.id)
            while market.head.blockNumber < checkpoint.blockNumber { expected += market.nextBlock().events.map(\.id) }
            #expect(market.head == checkpoint)
            #expect(stored.map(\.sequence) == Array(1...UInt64(stored.count)))
            #expect(stored.map(\.event.id) == expected)
            #expect(loaded.state.sequence == UInt64(stored.count))
        }
    }

    /// Two replicas on one PostgreSQL and a Redis that dies: the leader keeps ingesting and
    /// serving its own clients, both report the bus down, and when Redis returns the follower
    /// catches up from the store so its feed still holds every event once, in order.
    @Test func redisOutage() async throws {
        let redis = try ThrowawayRedis()
        defer { redis.destroy() }
        let schema = try DataPlaneTest.schema()
        let environment = ReplicaNode.environment(databaseURL: DataPlaneTest.databaseURL, redisURL: redis.url, redisPrefix: "fault:")
        let clock = ReplicaNode.devnetClock()
        let a = try await ReplicaNode(name: "a", environment: environment, schema: schema, clock: clock)
        try await DataPlaneTest.eventually("replica a to lead and ingest") { !a.leadStarts.isEmpty && a.hub.sequence > 0 }
        let b = try await ReplicaNode(name: "b", environment: environment, schema: schema, clock: clock)
        let start = a.hub.sequence
        try await DataPlaneTest.eventually("replica b to follow") { b.hub.sequence > start + 100 }
        #expect(await a.readiness() == .ready)

        redis.stop()
        try await DataPlaneTest.eventually("both replicas to report the bus down") {
            if case .notReady(code: "BUS_UNAVAILABLE", _) = await a.readiness(), case .notReady(code: "BUS_UNAVAILABLE", _) = await b.readiness() { return true }
            return false
        }
        // The leader keeps ingesting and applying to its own hub.
        let downAt = a.hub.sequence
        try await DataPlaneTest.eventually("the leader to keep ingesting") { a.hub.sequence > downAt + 100 }

        try redis.start()
        try await DataPlaneTest.eventually("both replicas ready again", seconds: 60) {
            let first = await a.readiness(), second = await b.readiness()
            return first == .ready && second == .ready
        }
        let upAt = a.hub.sequence
        try await DataPlaneTest.eventually("the follower to catch up past the outage", seconds: 60) { b.hub.sequence > upAt + 50 }
        await b.stop()
        await a.stop()

        try await DataPlaneTest.withPool { pool in
            let store = PostgresMarketStore(pool: pool, schema: schema, chainId: 8453, logger: DataPlaneTest.logger)
            let stored = try await DataPlaneTest.storedSequences(store)
            #expect(stored == Array(1...UInt64(stored.count)))
            for node in [a, b] {
                let expected = try await DataPlaneTest.expectedSwaps(store, for: node)
                #expect(node.swapSequences == expected, "replica \(node.name)")
            }
        }
        #expect(b.leadStarts.isEmpty)
        await DataPlaneTest.dropSchema(schema)
    }
}
