import Market

/// Carries applied events from the ingesting replica to every replica (itself included):
/// Redis pub/sub in production, in-process by default.
public protocol EventBus: Sendable {
    var kind: String { get }
    func publish(_ batch: PublishedBatch) async throws
    /// Every batch published from now on, in order, until the stream's consumer stops.
    func subscribe() async -> AsyncStream<PublishedBatch>
    func isHealthy() async -> Bool
}

/// One ingest step as replicas receive it: tokens first registered in it, then its events;
/// or, with neither, the leading replica's indexer status, which every replica's readiness reads.
public struct PublishedBatch: Sendable, Codable {
    public var tokens: [Token]
    public var events: [AppliedEvent]
    public var indexer: IndexerStatus?

    public init(tokens: [Token] = [], events: [AppliedEvent], indexer: IndexerStatus? = nil) {
        self.tokens = tokens
        self.events = events
        self.indexer = indexer
    }
}
