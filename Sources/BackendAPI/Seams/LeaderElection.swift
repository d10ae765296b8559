/// Decides which replica ingests: a PostgreSQL advisory lock with replicas, always this
/// process when embedded.
public protocol LeaderElection: Sendable {
    /// Runs `body` while this replica holds leadership, returning when `body` returns; waits
    /// until leadership is won first. Losing leadership cancels `body`.
    func whileLeader(_ body: @escaping @Sendable () async throws -> Void) async throws
}
