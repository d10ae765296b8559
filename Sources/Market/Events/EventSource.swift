/// Where indexing stands: the last block whose events were all applied, and its hash, so a
/// restarted source resumes after it and a reorganised chain is noticed.
public struct IndexerCheckpoint: Sendable, Hashable, Codable {
    public var blockNumber: UInt64
    public var blockHash: Hash32

    public init(blockNumber: UInt64, blockHash: Hash32) {
        self.blockNumber = blockNumber
        self.blockHash = blockHash
    }
}

/// What an event source feeds: the backend's ingest pipeline, or a test's collector.
public protocol EventSink: Sendable {
    /// Token metadata, before the first pool that pairs the token.
    func register(_ tokens: [Token]) async throws
    /// Events in chain order, then the checkpoint they reach (stored with them atomically).
    func ingest(_ events: [MarketEvent], checkpoint: IndexerCheckpoint) async throws
}

/// A producer of market events (the `INDEXER` setting): the simulated devnet market or a
/// JSON-RPC log poller. It runs until cancelled, resuming after `checkpoint` when given one.
public protocol EventSource: Sendable {
    func run(resumingAfter checkpoint: IndexerCheckpoint?, into sink: some EventSink) async throws
}
