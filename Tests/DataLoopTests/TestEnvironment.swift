import DataLoop
import Foundation
import Testing

/// The servers scripts/test.sh starts; tests needing one are skipped (with this reason) without it.
enum TestEnvironment {
    static let databaseURL = ProcessInfo.processInfo.environment["BASEBOOK_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let redisURL = ProcessInfo.processInfo.environment["BASEBOOK_TEST_REDIS_URL"].flatMap { $0.isEmpty ? nil : $0 }

    static let hasDatabase = databaseURL != nil
    static let hasRedis = redisURL != nil

    static let noDatabase: Comment = "BASEBOOK_TEST_DATABASE_URL is not set: run through scripts/test.sh to test against PostgreSQL"
    static let noRedis: Comment = "BASEBOOK_TEST_REDIS_URL is not set: run through scripts/test.sh to test against Redis"

    static func postgres(min: Int = 1, max: Int = 4, statementTimeout: Int = 5_000, acquireTimeout: UInt64 = 10_000) -> PostgresConfiguration {
        PostgresConfiguration(
            connectionString: databaseURL!, minConnections: min, maxConnections: max,
            statementTimeoutMilliseconds: statementTimeout, acquireTimeoutMilliseconds: acquireTimeout,
            reconnectBackoff: Backoff(initialMilliseconds: 20, maximumMilliseconds: 500)
        )
    }

    static func redis(keyPrefix: String = "test:") throws -> RedisConfiguration {
        var configuration = try RedisConfiguration(url: redisURL!, keyPrefix: keyPrefix)
        configuration.reconnectBackoff = Backoff(initialMilliseconds: 20, maximumMilliseconds: 500)
        return configuration
    }

    /// A name no other test (or earlier run) uses.
    static func unique(_ base: String) -> String {
        "\(base)_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())"
    }
}

/// Runs `body` on a fresh loop, then checks the clients left no handle open and the loop
/// closes cleanly (uv_loop_close == 0, thread joined).
func withDataLoop(_ body: (DataLoop) async throws -> Void) async throws {
    let loop = try DataLoop(name: "test-data-loop")
    do {
        try await body(loop)
    } catch {
        try? await loop.shutdown()
        throw error
    }
    try await loop.shutdown()
}

/// Waits for a condition the test cannot be notified of (server-side state), checking it
/// repeatedly; fails after `attempts` checks rather than hanging.
func eventually(_ what: String, attempts: Int = 1_000, _ condition: () async throws -> Bool) async throws {
    for _ in 0..<attempts {
        if try await condition() { return }
        try await Task.sleep(nanoseconds: 10_000_000)
    }
    Issue.record("timed out waiting for: \(what)")
    throw CancellationError()
}
