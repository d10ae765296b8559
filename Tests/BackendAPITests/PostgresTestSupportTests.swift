@testable import BackendAPI
import DataLoop
import Foundation
import Logging
import Market
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What the PostgreSQL, Redis, replica and fault tests share: the servers scripts/test.sh
/// starts (tests needing one are skipped without it), a fresh schema or key prefix per test so
/// tests run side by side, and waiting for conditions with a deadline instead of sleeping.
enum DataPlaneTest {
    static let databaseURL = ProcessInfo.processInfo.environment["BASEBOOK_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let redisURL = ProcessInfo.processInfo.environment["BASEBOOK_TEST_REDIS_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let hasDatabase = databaseURL != nil
    static let hasRedis = redisURL != nil
    static let hasBoth = hasDatabase && hasRedis
    static let noDatabase: Comment = "BASEBOOK_TEST_DATABASE_URL is not set: run through scripts/test.sh (make test) to test against PostgreSQL"
    static let noRedis: Comment = "BASEBOOK_TEST_REDIS_URL is not set: run through scripts/test.sh (make test) to test against Redis"
    static let noServers: Comment = "BASEBOOK_TEST_DATABASE_URL / BASEBOOK_TEST_REDIS_URL are not set: run through scripts/test.sh (make test)"

    static let logger: Logger = {
        var logger = Logger(label: "data-plane-test")
        logger.logLevel = ProcessInfo.processInfo.environment["BASEBOOK_TEST_LOG"] == nil ? .critical : .debug
        return logger
    }()

    static func unique(_ base: String) -> String {
        "\(base)_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())"
    }

    static func schema() throws -> PostgresSchema { try PostgresSchema(unique("t")) }

    static func postgres(_ url: String? = nil, min: Int = 1, max: Int = 6) -> PostgresConfiguration {
        PostgresConfiguration(connectionString: url ?? databaseURL!, minConnections: min, maxConnections: max,
                              statementTimeoutMilliseconds: 10_000, connectTimeoutMilliseconds: 2_000, acquireTimeoutMilliseconds: 10_000,
                              reconnectBackoff: Backoff(initialMilliseconds: 20, maximumMilliseconds: 300))
    }

    static func redis(_ url: String? = nil, prefix: String) throws -> RedisConfiguration {
        var configuration = try RedisConfiguration(url: url ?? redisURL!, keyPrefix: prefix)
        configuration.connectTimeoutMilliseconds = 2_000
        configuration.reconnectBackoff = Backoff(initialMilliseconds: 20, maximumMilliseconds: 300)
        return configuration
    }

    /// Runs `body` with a pool on a fresh loop; closes both and checks nothing leaked.
    static func withPool(_ configuration: PostgresConfiguration = postgres(), _ body: (PostgresPool) async throws -> Void) async throws {
        let loop = try DataLoop(name: "test-data-loop")
        let pool = try PostgresPool(configuration: configuration, loop: loop)
        do {
            try await body(pool)
        } catch {
            await pool.close()
            try? await loop.shutdown()
            throw error
        }
        await pool.close()
        #expect(try await loop.openHandleCount() == 0)
        try await loop.shutdown()
    }

    /// A migrated store in a schema of its own, dropped afterwards, and its pool.
    static func withStore(chainId: UInt64, _ body: (PostgresMarketStore, PostgresPool) async throws -> Void) async throws {
        let schema = try schema()
        try await withPool { pool in
            let store = PostgresMarketStore(pool: pool, schema: schema, chainId: chainId, logger: logger)
            try await store.migrate()
            do {
                try await body(store, pool)
            } catch {
                _ = try? await pool.query("DROP SCHEMA IF EXISTS \(schema.name) CASCADE")
                throw error
            }
            _ = try await pool.query("DROP SCHEMA \(schema.name) CASCADE")
        }
    }

    static func dropSchema(_ schema: PostgresSchema) async {
        try? await withPool { pool in _ = try await pool.query("DROP SCHEMA IF EXISTS \(schema.name) CASCADE") }
    }

    /// Waits for `condition`, checking it every 10 ms; fails the test after `seconds`.
    static func eventually(_ what: String, seconds: Double = 30, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("timed out after \(seconds) s waiting for: \(what)")
        throw TimedOut(what: what)
    }

    struct TimedOut: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out waiting for \(what)" }
    }

    /// A free loopback TCP port (bound and released; the caller binds it right after).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A devnet market stepped by hand: the same events the backend's devnet source produces, fed
/// to a sink block by block.
struct HandDevnet {
    var market: DevnetMarket

    init(swapsPerSecond: Double = 20, seed: UInt64 = 7) throws {
        market = try DevnetMarket(configuration: DevnetConfiguration(seed: seed, chainId: 8453, swapsPerSecond: swapsPerSecond,
                                                                     startTime: 1_760_000_000 - 1_760_000_000 % 86_400, blockTime: 2))
    }

    /// Registers the tokens and ingests genesis.
    mutating func start(into sink: some EventSink) async throws {
        try await sink.register(market.tokens)
        try await sink.ingest(market.genesis.events, checkpoint: market.genesis.checkpoint)
    }

    /// Ingests `blocks` blocks, `perBatch` at a time.
    mutating func advance(blocks: Int, perBatch: Int = 10, into sink: some EventSink) async throws {
        var events: [MarketEvent] = []
        for index in 1...blocks {
            let block = market.nextBlock()
            events += block.events
            if index % perBatch == 0 || index == blocks {
                try await sink.ingest(events, checkpoint: block.checkpoint)
                events.removeAll()
            }
        }
    }
}

extension MarketSnapshot {
    /// Canonical bytes: equal markets encode equally.
    var canonicalBytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try! encoder.encode(self))
    }
}
