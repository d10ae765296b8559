@testable import BackendAPI
import DataLoop
import Foundation
import Synchronization
import Testing

@Suite(.enabled(if: DataPlaneTest.hasDatabase, DataPlaneTest.noDatabase))
struct PostgresLeaderElectionTests {
    /// Which candidate leads, and how each leadership ended.
    final class Log: Sendable {
        private let state = Mutex<(leading: [String], ended: [String: String])>(([], [:]))
        func began(_ name: String) { state.withLock { $0.leading.append(name) } }
        func ended(_ name: String, _ how: String) { state.withLock { if $0.ended[name] == nil { $0.ended[name] = how } } }
        var leading: [String] { state.withLock { $0.leading } }
        func ending(_ name: String) -> String? { state.withLock { $0.ended[name] } }
    }

    func candidate(_ name: String, _ election: PostgresLeaderElection, _ log: Log) -> Task<Void, Never> {
        Task {
            do {
                try await election.whileLeader {
                    log.began(name)
                    do {
                        try await Task.sleep(for: .seconds(3_600))
                    } catch {
                        log.ended(name, "body cancelled")
                        throw error
                    }
                }
            } catch is LeadershipLost {
                log.ended(name, "lost")
            } catch {
                if log.ending(name) == nil { log.ended(name, "\(error)") }
            }
        }
    }

    @Test func oneLeadsAndAnotherTakesOverWhenItsConnectionDies() async throws {
        let schema = try DataPlaneTest.schema()
        try await DataPlaneTest.withPool { poolA in
            try await DataPlaneTest.withPool { poolB in
                let log = Log()
                let electionA = PostgresLeaderElection(pool: poolA, schema: schema, chainId: 8453, logger: DataPlaneTest.logger,
                                                       retryInterval: .milliseconds(200), checkInterval: .milliseconds(200))
                let electionB = PostgresLeaderElection(pool: poolB, schema: schema, chainId: 8453, logger: DataPlaneTest.logger,
                                                       retryInterval: .milliseconds(200), checkInterval: .milliseconds(200))
                let a = candidate("a", electionA, log)
                try await DataPlaneTest.eventually("a to lead", seconds: 180) { log.leading == ["a"] }
                let b = candidate("b", electionB, log)
                // b keeps trying while a holds the lock; it must not lead meanwhile. Proven by
                // pg_locks: exactly one session holds the lock, a's.
                let holder = "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid::bigint = ((hashtextextended($1, 0) >> 32) & 4294967295) AND objid::bigint = (hashtextextended($1, 0) & 4294967295)"
                let lockName = PostgresValue.text(schema.leaderLockName(chainId: 8453))
                #expect(try await poolB.query(holder, [lockName]).rows.count == 1)
                #expect(log.leading == ["a"])

                // a's lock connection dies (as when its pod is partitioned away or crashes).
                let killed = ContinuousClock.now
                _ = try await poolB.query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid::bigint = ((hashtextextended($1, 0) >> 32) & 4294967295) AND objid::bigint = (hashtextextended($1, 0) & 4294967295)", [lockName])
                try await DataPlaneTest.eventually("b to take over", seconds: 10) { log.leading.last == "b" }
                #expect(ContinuousClock.now - killed < .seconds(10))
                try await DataPlaneTest.eventually("a's body to be cancelled") { log.ending("a") != nil }
                #expect(log.ending("a") == "body cancelled")
                _ = await a.value  // a's whileLeader returned (with LeadershipLost)

                // b gives the lock up when its body ends (cancelled: a graceful shutdown).
                b.cancel()
                _ = await b.value
                try await DataPlaneTest.eventually("the lock to be free") { try await poolA.query(holder, [lockName]).rows.isEmpty }
            }
        }
    }
}
