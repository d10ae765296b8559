/// A bounded pool of non-blocking PostgreSQL connections living on a `DataLoop`.
///
/// Every statement is parameterised (`$1`, `$2` … with `PostgresValue`s). At most
/// `maxConnections` are open; further callers wait in FIFO order up to the acquire timeout.
/// A connection that breaks fails the statement running on it (`PostgresError.connectionLost`)
/// and is replaced; connecting again backs off exponentially while the server is down.
/// Statements are never retried automatically: the caller knows whether one is safe to repeat.
public final class PostgresPool: Sendable {
    public let configuration: PostgresConfiguration
    public let loop: DataLoop
    let core: PostgresPoolCore

    /// Starts opening `minConnections` in the background; does not wait for them.
    public init(configuration: PostgresConfiguration, loop: DataLoop) throws {
        self.configuration = configuration
        self.loop = loop
        let core = PostgresPoolCore(core: loop.core, configuration: configuration)
        self.core = core
        guard loop.execute({ core.start() }) else { throw DataLoopError.shutDown }
    }

    /// Runs one statement on any free connection.
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) async throws -> PostgresResult {
        let core = self.core
        return try await withCheckedThrowingContinuation { continuation in
            let accepted = loop.execute {
                core.acquire { lease in
                    switch lease {
                    case .failure(let error):
                        continuation.resume(throwing: error)
                    case .success(let connection):
                        connection.run(sql: sql, parameters: parameters) { result in
                            core.release(connection)
                            continuation.resume(with: result)
                        }
                    }
                }
            }
            if !accepted { continuation.resume(throwing: PostgresError.loopShutDown) }
        }
    }

    /// Runs `body` with one connection pinned to it (e.g. for a session-level advisory lock),
    /// returned to the pool afterwards; discarded instead if left inside a transaction.
    public func withConnection<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresSession) async throws -> T
    ) async throws -> T {
        let session = try await acquireSession()
        do {
            let value = try await body(session)
            session.release()
            return value
        } catch {
            session.release()
            throw error
        }
    }

    /// Runs `body` inside BEGIN … COMMIT on one pinned connection; a thrown error (from the
    /// body or from COMMIT) rolls the transaction back and is rethrown.
    public func withTransaction<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresSession) async throws -> T
    ) async throws -> T {
        let session = try await acquireSession()
        do {
            _ = try await session.query("BEGIN")
            let value = try await body(session)
            _ = try await session.query("COMMIT")
            session.release()
            return value
        } catch {
            // A failed ROLLBACK leaves the connection in a transaction or broken: release
            // then discards it instead of pooling it.
            _ = try? await session.query("ROLLBACK")
            session.release()
            throw error
        }
    }

    public func stats() async throws -> PostgresPoolStats {
        let core = self.core
        return try await loop.onLoop { _ in core.stats }
    }

    /// Closes idle connections now and leased ones as they come back; waiters fail with `.closed`.
    public func close() async {
        let core = self.core
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let accepted = loop.execute {
                core.close { continuation.resume() }
            }
            // A stopped loop has already closed every connection.
            if !accepted { continuation.resume() }
        }
    }

    private func acquireSession() async throws -> PostgresSession {
        let core = self.core
        let connection: PostgresConnection = try await withCheckedThrowingContinuation { continuation in
            let accepted = loop.execute {
                core.acquire { continuation.resume(with: $0) }
            }
            if !accepted { continuation.resume(throwing: PostgresError.loopShutDown) }
        }
        return PostgresSession(loop: loop, pool: core, connection: connection)
    }
}

extension PostgresError {
    static let loopShutDown = PostgresError(kind: .closed, message: "the data loop is shut down")
}
