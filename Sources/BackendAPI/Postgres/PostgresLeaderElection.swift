import DataLoop
import Logging

/// Exactly one replica ingests: the one holding a session advisory lock on a connection it
/// keeps pinned. PostgreSQL releases the lock when that connection dies (the replica crashed,
/// was partitioned, or the server restarted), and the waiting replicas try for it every
/// `retryInterval`, so one of them takes over within about that long.
public struct PostgresLeaderElection: LeaderElection {
    let pool: PostgresPool
    let lockName: String
    let logger: Logger
    /// How often a follower tries for the lock, and how long it waits when the database is down.
    let retryInterval: Duration
    /// How often the leader checks it still holds the lock; a check that fails or does not
    /// answer within this long ends its leadership.
    let checkInterval: Duration

    public init(pool: PostgresPool, schema: PostgresSchema, chainId: UInt64, logger: Logger,
                retryInterval: Duration = .seconds(1), checkInterval: Duration = .seconds(2)) {
        self.pool = pool
        self.lockName = schema.leaderLockName(chainId: chainId)
        self.logger = logger
        self.retryInterval = retryInterval
        self.checkInterval = checkInterval
    }

    public func whileLeader(_ body: @escaping @Sendable () async throws -> Void) async throws {
        while true {
            try Task.checkCancellation()
            let outcome: Outcome
            do {
                outcome = try await pool.withConnection { session in try await lead(on: session, body) }
            } catch let error as PostgresError where error.isConnectionError || error.kind == .poolTimeout {
                // Not leading yet and the database is away: keep waiting for it, as followers do.
                logger.debug("leader election waits for the database", metadata: ["error": "\(error)"])
                try await Task.sleep(for: retryInterval)
                continue
            }
            switch outcome {
            case .finished: return
            case .failed(let error): throw error
            case .notAcquired: try await Task.sleep(for: retryInterval)
            }
        }
    }

    private enum Outcome { case finished, failed(any Error), notAcquired }

    private func lead(on session: PostgresSession, _ body: @escaping @Sendable () async throws -> Void) async throws -> Outcome {
        let acquired = try await session.query("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held", [.text(lockName)])
        guard let row = acquired.first, try row.decode("held", as: Bool.self) else { return .notAcquired }
        logger.info("this replica leads ingestion", metadata: ["lock": "\(lockName)"])
        // From here on a failure is the body's or the lock's, not the database being away
        // before leading: it is returned, not retried, so the caller sees it.
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await body() }
                group.addTask { try await watch(session) }
                // The first to finish decides: the body returning or failing, or the lock lost.
                try await group.next()
                group.cancelAll()
            }
        } catch let error as LeadershipLost {
            // The connection is broken or hung: the lock goes with it, and a statement sent now
            // would only queue behind the hung one. Releasing the session discards it.
            return .failed(error)
        } catch {
            _ = try? await session.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [.text(lockName)])
            return .failed(error)
        }
        _ = try? await session.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [.text(lockName)])
        return .finished
    }

    /// Returns never while the lock is held; throws `LeadershipLost` when it is not.
    private func watch(_ session: PostgresSession) async throws {
        let lockName = self.lockName
        while true {
            try await Task.sleep(for: checkInterval)
            let held = await withTimeout(checkInterval) {
                // The lock is the session's: it is held as long as the connection lives and the
                // server lists it.
                let result = try? await session.query("""
                    SELECT count(*) AS n FROM pg_locks
                    WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1
                      AND classid::bigint = ((hashtextextended($1, 0) >> 32) & 4294967295)
                      AND objid::bigint = (hashtextextended($1, 0) & 4294967295)
                    """, [.text(lockName)])
                return (try? result?.first?.decode("n", as: Int.self)) == 1
            } ?? false
            if Task.isCancelled { throw CancellationError() }
            guard held else {
                logger.warning("this replica lost the ingestion lock; stopping ingestion", metadata: ["lock": "\(lockName)"])
                throw LeadershipLost()
            }
        }
    }
}

/// The leader's lock connection failed or the lock was gone: ingestion stopped.
public struct LeadershipLost: Error, Sendable, CustomStringConvertible {
    public var description: String { "leadership lost: the advisory lock's connection failed or the lock is no longer held" }
}
