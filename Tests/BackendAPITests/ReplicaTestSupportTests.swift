@testable import BackendAPI
import Foundation
import Logging
import Market
import ServiceKit
import ServiceLifecycle
import Synchronization
import Testing

/// One backend replica without its HTTP listeners: the backends the environment selects (its
/// own data loop, PostgreSQL pool and Redis connections, as a separate process would have),
/// the hub, the ingest pipeline, the bus follower and the leader-elected devnet source, run as
/// one service group exactly as `BackendServer.run` wires them. It records which swap
/// sequences its hub's channel feed delivered, and when it led.
final class ReplicaNode: Sendable {
    let name: String
    let hub: MarketHub
    let store: any MarketStore
    let bus: any EventBus
    let backends: BackendServer.Backends
    let startSequence: UInt64
    private let group: ServiceGroup
    private let runner: Task<Void, Error>
    private let collector: Task<Void, Never>
    private let recorder = Recorder()

    final class Recorder: Sendable {
        let state = Mutex(Recorded())
    }

    struct Recorded {
        var swapSequences: [UInt64] = []
        /// The newest sequence the feed delivered any message for.
        var lastSeen: UInt64 = 0
        var leadStarts: [ContinuousClock.Instant] = []
    }

    /// Environment for a replica of the shared test market.
    static func environment(databaseURL: String?, redisURL: String?, redisPrefix: String, swapsPerSecond: Int = 40) -> EnvironmentVariables {
        var values = [
            "DEVNET_SWAPS_PER_SECOND": "\(swapsPerSecond)", "DEVNET_HISTORY_HOURS": "0", "DEVNET_BLOCK_SECONDS": "1",
            "REDIS_KEY_PREFIX": redisPrefix, "DATABASE_POOL_MIN": "1", "DATABASE_POOL_MAX": "4", "LOG_LEVEL": "error",
        ]
        if let databaseURL { values["DATABASE_URL"] = databaseURL }
        if let redisURL { values["REDIS_URL"] = redisURL }
        return EnvironmentVariables(values)
    }

    /// A devnet clock running at wall-clock pace but `historySeconds` past a UTC midnight, so
    /// the market's pre-generated history is short. Replicas of one market share one clock.
    static func devnetClock(historySeconds: Int64 = 20) -> @Sendable () -> Int64 {
        let real = Int64(Date().timeIntervalSince1970)
        let offset = real % 86_400 - historySeconds
        return { Int64(Date().timeIntervalSince1970) - offset }
    }

    init(name: String, environment: EnvironmentVariables, schema: PostgresSchema, clock: @escaping @Sendable () -> Int64) async throws {
        self.name = name
        let settings = try BackendSettings.load(from: environment)
        var logger = Logger(label: "replica-\(name)")
        logger.logLevel = DataPlaneTest.logger.logLevel
        var backends = try await BackendServer.Backends.make(for: settings, logger: logger, schema: schema)
        let recorder = self.recorder
        backends.leadership = ObservedLeadership(inner: backends.leadership) {
            recorder.state.withLock { $0.leadStarts.append(.now) }
        }
        self.backends = backends
        store = backends.store
        bus = backends.bus
        try await store.migrate()
        let hub = MarketHub(chainId: settings.chainId, stablecoins: Set(BaseTokenList.usdStablecoins), logger: logger)
        self.hub = hub
        let updates = hub.updates()
        collector = Task {
            for await messages in updates {
                let swaps = messages.filter { $0.channel == "swaps" }.map(\.seq)
                let newest = messages.map(\.seq).max() ?? 0
                recorder.state.withLock { $0.swapSequences += swaps; $0.lastSeen = max($0.lastSeen, newest) }
            }
        }
        let stored = try await store.load(chainId: settings.chainId)
        if let stored { hub.load(stored) }
        startSequence = hub.sequence
        let pipeline = IngestPipeline(state: stored?.state ?? MarketState(chainId: settings.chainId), store: store, bus: bus, hub: hub, logger: logger)
        // On the store, as the backend builds it: a replica taking over after the clock's minute
        // turned must continue the stored chain, not compute another one.
        var source = DevnetEventSource(settings: settings.devnet, chainId: settings.chainId, logger: logger, store: store)
        source.now = clock
        let services: [any Service] = backends.services + [
            BusFollower(bus: bus, store: store, hub: hub, logger: logger),
            IngestService(source: source, pipeline: pipeline, store: store, leadership: backends.leadership, chainId: settings.chainId, logger: logger),
        ]
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
        self.group = group
        runner = Task { try await group.run() }
    }

    var swapSequences: [UInt64] { recorder.state.withLock { $0.swapSequences } }
    /// What this replica's /ready would answer now.
    func readiness() async -> Readiness { await BackendServer.readiness(hub: hub, backends: backends) }
    var lastSeen: UInt64 { recorder.state.withLock { $0.lastSeen } }
    var leadStarts: [ContinuousClock.Instant] { recorder.state.withLock { $0.leadStarts } }

    /// Stops as a crash would: every task cancelled, every connection closed, nothing flushed.
    func kill() async {
        runner.cancel()
        _ = await runner.result
        collector.cancel()
    }

    /// Stops as SIGTERM would.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await runner.result
        collector.cancel()
    }
}

/// Tells the test when a replica starts leading.
struct ObservedLeadership: LeaderElection {
    let inner: any LeaderElection
    let onLead: @Sendable () -> Void

    func whileLeader(_ body: @escaping @Sendable () async throws -> Void) async throws {
        try await inner.whileLeader {
            onLead()
            try await body()
        }
    }
}

extension DataPlaneTest {
    /// The sequences of the stored swap events (both pool kinds) in `range`, ascending.
    static func storedSwapSequences(_ store: any MarketStore, in range: ClosedRange<UInt64>) async throws -> [UInt64] {
        var result: [UInt64] = []
        var after = range.lowerBound - 1
        while after < range.upperBound {
            let events = try await store.events(after: after, limit: 5_000)
            guard let last = events.last else { break }
            result += events.filter { $0.sequence <= range.upperBound && ($0.event.kind == .swap || $0.event.kind == .pairSwap) }.map(\.sequence)
            after = last.sequence
        }
        return result
    }

    /// The stored swaps from the first one `node`'s feed delivered through the last sequence it
    /// saw: the feed's messages must be exactly these. (The hub does not stream swap messages
    /// for the market's pre-generated history, so the comparison starts at the live stream.)
    static func expectedSwaps(_ store: any MarketStore, for node: ReplicaNode) async throws -> [UInt64] {
        guard let first = node.swapSequences.first else { return [] }
        return try await storedSwapSequences(store, in: first...node.lastSeen)
    }

    /// Every stored sequence, checking they run 1, 2, 3 … with no gap.
    static func storedSequences(_ store: any MarketStore) async throws -> [UInt64] {
        var result: [UInt64] = []
        while true {
            let events = try await store.events(after: result.last ?? 0, limit: 5_000)
            if events.isEmpty { return result }
            result += events.map(\.sequence)
        }
    }
}
