/// Without a database there is one replica, and it leads.
public struct SingleProcessLeadership: LeaderElection {
    public init() {}

    public func whileLeader(_ body: @escaping @Sendable () async throws -> Void) async throws {
        try await body()
    }
}
