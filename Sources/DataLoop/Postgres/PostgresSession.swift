/// One connection pinned for the duration of `withConnection` or `withTransaction`.
/// Do not keep it after the closure returns: it is back in the pool by then, and using it fails.
public struct PostgresSession: Sendable {
    let loop: DataLoop
    let pool: PostgresPoolCore
    let connection: PostgresConnection
    private let lease: LeaseState

    init(loop: DataLoop, pool: PostgresPoolCore, connection: PostgresConnection) {
        self.loop = loop
        self.pool = pool
        self.connection = connection
        self.lease = LeaseState()
    }

    /// Runs one statement on this session's connection (statements issued concurrently queue).
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) async throws -> PostgresResult {
        let connection = self.connection
        let lease = self.lease
        return try await withCheckedThrowingContinuation { continuation in
            let accepted = loop.execute {
                guard !lease.released else {
                    continuation.resume(throwing: PostgresError(kind: .closed, message: "the session was used after its closure returned"))
                    return
                }
                connection.run(sql: sql, parameters: parameters) { continuation.resume(with: $0) }
            }
            if !accepted { continuation.resume(throwing: PostgresError.loopShutDown) }
        }
    }

    func release() {
        let pool = self.pool
        let connection = self.connection
        let lease = self.lease
        // If the loop already stopped, it closed the connection itself.
        loop.execute {
            guard !lease.released else { return }
            lease.released = true
            pool.release(connection)
        }
    }
}

/// Loop-thread-only flag: whether the session's connection went back to the pool.
final class LeaseState: @unchecked Sendable {
    var released = false
}
