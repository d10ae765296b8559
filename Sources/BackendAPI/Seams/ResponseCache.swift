/// Short-lived cache of encoded responses, keyed by request and state sequence so a change in
/// the market is never served stale: Redis (shared by replicas) or in-process.
public protocol ResponseCache: Sendable {
    var kind: String { get }
    func get(_ key: String) async -> [UInt8]?
    func set(_ key: String, _ value: [UInt8], ttl: Duration) async
}
