import AsyncHTTPClient
import DEXMath
import Foundation
import Hummingbird
import Logging
import Market
import NIOCore
import Routing
import ServiceKit
import Synchronization
import Testing
@testable import RouterService

/// The router following a fake backend's state feed over real HTTP on loopback.
@Suite struct StateSyncTests {
    /// A scripted `/internal/v1/state` + `/internal/v1/state/changes` backend that records
    /// what it was asked.
    final class FakeFeed: Sendable {
        struct Script: Sendable {
            /// The full state answered on the n-th fetch (the last one repeats).
            var states: [MarketSnapshot]
            /// The answer to `changes?after=SEQ`: a snapshot, or nil for 410 Gone. Unlisted
            /// sequences long-poll (briefly, like an idle backend) and return no pools.
            var changes: [UInt64: MarketSnapshot?]
            /// Status codes answered to the first state fetches before the script starts.
            var failFirstStateFetches: [Int] = []
        }

        struct Log: Sendable {
            var stateFetches = 0
            var changePolls: [UInt64] = []
            var authorizations: [String?] = []
        }

        let script: Script
        let log = Mutex(Log())

        init(_ script: Script) { self.script = script }

        func router() -> Router<BasicRequestContext> {
            let router = Router()
            router.get("/internal/v1/state") { request, _ -> Response in
                let (attempt, status): (Int, Int?) = self.log.withLock { log in
                    log.authorizations.append(request.headers[.authorization])
                    log.stateFetches += 1
                    let attempt = log.stateFetches
                    let failures = self.script.failFirstStateFetches
                    return (attempt, attempt <= failures.count ? failures[attempt - 1] : nil)
                }
                if let status { return Response(status: .init(code: status)) }
                let index = min(attempt - 1 - self.script.failFirstStateFetches.count, self.script.states.count - 1)
                return try Self.json(self.script.states[index])
            }
            router.get("/internal/v1/state/changes") { request, _ -> Response in
                let after = UInt64(request.uri.queryParameters["after"] ?? "") ?? 0
                self.log.withLock { log in
                    log.authorizations.append(request.headers[.authorization])
                    log.changePolls.append(after)
                }
                if let scripted = self.script.changes[after] {
                    guard let changes = scripted else { return Response(status: .gone) }
                    return try Self.json(changes)
                }
                // Idle: hold the poll like the real backend does, then report nothing new.
                try? await Task.sleep(for: .milliseconds(300))
                return try Self.json(MarketSnapshot(chainId: 8453, sequence: after, tokens: [], pools: []))
            }
            return router
        }

        static func json(_ snapshot: MarketSnapshot) throws -> Response {
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(snapshot))))
        }
    }

    /// Runs `feed` on a loopback port and the router's sync against it while `body` runs.
    static func withSync(_ feed: FakeFeed, token: String? = nil, _ body: @Sendable (RouterState) async throws -> Void) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let backend = Application(router: feed.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
                                  logger: Logger(label: "fake-backend", factory: { _ in SwiftLogNoOpLogHandler() }))
        let metrics = MetricsRegistry(descriptions: RouterMetrics.descriptions)
        let state = RouterState(metrics: RouterMetrics(factory: metrics.factory), maxAge: .seconds(120))
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await backend.run() }
                var iterator = ports.makeAsyncIterator()
                let port = try #require(await iterator.next())
                let sync = StateSyncService(client: client,
                                            settings: .init(baseURL: "http://127.0.0.1:\(port)", token: token,
                                                            backoff: Backoff(initial: .milliseconds(5), maximum: .milliseconds(20))),
                                            state: state, logger: Logger(label: "sync", factory: { _ in SwiftLogNoOpLogHandler() }))
                group.addTask { try await sync.run() }
                defer { group.cancelAll() }
                try await body(state)
            }
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// Polls until `condition` holds, failing after `timeout`: the feed is asynchronous, so
    /// the test waits for the effect rather than for a fixed time.
    static func eventually(timeout: Duration = .seconds(20), _ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(what)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// A scripted 410 answer.
    static let gone: MarketSnapshot? = nil

    static func changedDaiPool(sequence: UInt64) throws -> MarketSnapshot {
        let pool = try ConstantProductPool(fee: 3000, reserve0: UInt256("9000000000000000000000000")!, reserve1: UInt256(11_000_000_000_000))
        // A change set lists the tokens of the pools it carries (MarketSnapshot requires it).
        return MarketSnapshot(chainId: 8453, sequence: sequence, tokens: [TestMarket.dai, TestMarket.usdc],
                              pools: [MarketPool(address: TestMarket.usdcDaiAddress, token0: TestMarket.dai.address, token1: TestMarket.usdc.address, state: .constantProduct(pool))])
    }

    @Test func followsChangesAndSendsTheBearerToken() async throws {
        let feed = FakeFeed(.init(states: [try TestMarket.snapshot(sequence: 1)], changes: [1: try Self.changedDaiPool(sequence: 2)]))
        try await Self.withSync(feed, token: "s3cret") { state in
            try await Self.eventually("the change at sequence 2") { state.store.graph?.sequence == 2 }
            let graph = try #require(state.store.graph)
            let node = graph.node(try #require(graph.poolIndex(of: TestMarket.usdcDaiAddress)))
            guard case .constantProduct(let pool) = node.state else { Issue.record("pool kind changed"); return }
            #expect(pool.reserve1 == UInt256(11_000_000_000_000))
            #expect(graph.poolCount == 2)
            #expect(state.readiness() == .ready)
            // It keeps polling after the new sequence.
            try await Self.eventually("a poll after 2") { feed.log.withLock { $0.changePolls.contains(2) } }
        }
        let log = feed.log.withLock { $0 }
        #expect(!log.authorizations.isEmpty)
        #expect(log.authorizations.allSatisfy { $0 == "Bearer s3cret" })
    }

    @Test func withoutATokenNoAuthorizationIsSent() async throws {
        let feed = FakeFeed(.init(states: [try TestMarket.snapshot(sequence: 1)], changes: [:]))
        try await Self.withSync(feed) { state in
            try await Self.eventually("the first poll") { feed.log.withLock { !$0.changePolls.isEmpty } }
        }
        #expect(feed.log.withLock { $0.authorizations.allSatisfy { $0 == nil } })
    }

    @Test func goneRefetchesTheFullState() async throws {
        let feed = FakeFeed(.init(states: [try TestMarket.snapshot(sequence: 1), try TestMarket.snapshot(sequence: 5)], changes: [1: Self.gone]))
        try await Self.withSync(feed) { state in
            try await Self.eventually("the refetched state") { state.store.graph?.sequence == 5 }
        }
        #expect(feed.log.withLock { $0.stateFetches } >= 2)
    }

    @Test func aSequenceGoingBackwardsRefetchesTheFullState() async throws {
        // The backend restarted with a fresh sequence: its change feed reports 3 after our 10.
        let feed = FakeFeed(.init(states: [try TestMarket.snapshot(sequence: 10), try TestMarket.snapshot(sequence: 3)],
                                  changes: [10: try Self.changedDaiPool(sequence: 3)]))
        try await Self.withSync(feed) { state in
            try await Self.eventually("the restarted backend's state") { feed.log.withLock { $0.stateFetches } >= 2 && state.store.graph?.sequence == 3 }
            // The backwards change set itself was not applied on top of sequence 10's graph.
            let graph = try #require(state.store.graph)
            guard case .constantProduct(let pool) = graph.node(try #require(graph.poolIndex(of: TestMarket.usdcDaiAddress))).state else { return }
            #expect(pool.reserve1 == UInt256(10_000_000_000_000))
        }
    }

    @Test func failuresAreRetriedUntilTheBackendAnswers() async throws {
        let feed = FakeFeed(.init(states: [try TestMarket.snapshot(sequence: 4)], changes: [:], failFirstStateFetches: [500, 503]))
        try await Self.withSync(feed) { state in
            try await Self.eventually("the state after two failures") { state.store.graph?.sequence == 4 }
        }
        #expect(feed.log.withLock { $0.stateFetches } == 3)
    }

    @Test func backoffDoublesUpToTheCapWithBoundedJitter() {
        let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
        #expect(backoff.nominal(attempt: 1) == .milliseconds(100))
        #expect(backoff.nominal(attempt: 2) == .milliseconds(200))
        #expect(backoff.nominal(attempt: 4) == .milliseconds(800))
        #expect(backoff.nominal(attempt: 5) == .seconds(1))
        #expect(backoff.nominal(attempt: 500) == .seconds(1))
        var generator = SystemRandomNumberGenerator()
        for attempt in 1...8 {
            let delay = backoff.delay(attempt: attempt, using: &generator)
            #expect(delay >= backoff.nominal(attempt: attempt) / 2 && delay <= backoff.nominal(attempt: attempt))
        }
    }
}
