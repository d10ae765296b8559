import Market

/// Where the market's events and derived state persist: PostgreSQL in production, memory by
/// default. The leader commits each batch atomically; any replica can load the state and read
/// events after a sequence to close a gap.
public protocol MarketStore: Sendable {
    /// For logs and /ready: "embedded" or "postgresql".
    var kind: String { get }
    /// Brings the schema to the current version; safe to run again.
    func migrate() async throws
    /// The stored market, or nil when nothing was ever ingested.
    func load(chainId: UInt64) async throws -> StoredMarket?
    func register(_ tokens: [Token]) async throws
    /// Events with the pool and position state they produced, and the checkpoint they reach,
    /// all or nothing. Events already stored (same identity) are skipped.
    func commit(_ batch: IngestBatch) async throws
    /// Applied events with sequence > `after`, ascending, at most `limit`.
    func events(after: UInt64, limit: Int) async throws -> [AppliedEvent]
    /// Whether the store answers now.
    func isHealthy() async -> Bool
}

/// What one ingest step writes.
public struct IngestBatch: Sendable {
    public var events: [AppliedEvent]
    /// The final state of every pool the events touched.
    public var pools: [PoolRecord]
    /// The final liquidity of every position the events touched (zero = closed).
    public var positions: [PositionKey: UInt128]
    public var checkpoint: IndexerCheckpoint
    public var sequence: UInt64
    /// The swaps, candles and daily totals the events produced.
    public var analytics: AnalyticsRecords

    public init(events: [AppliedEvent], pools: [PoolRecord], positions: [PositionKey: UInt128], checkpoint: IndexerCheckpoint, sequence: UInt64,
                analytics: AnalyticsRecords = AnalyticsRecords()) {
        self.events = events
        self.pools = pools
        self.positions = positions
        self.checkpoint = checkpoint
        self.sequence = sequence
        self.analytics = analytics
    }
}

/// A market as loaded from a store.
public struct StoredMarket: Sendable {
    public var state: MarketState
    public var checkpoint: IndexerCheckpoint?
    /// The stored history: at least the trailing day of swaps, and the charts and daily totals.
    public var analytics: AnalyticsRecords

    public init(state: MarketState, checkpoint: IndexerCheckpoint?, analytics: AnalyticsRecords) {
        self.state = state
        self.checkpoint = checkpoint
        self.analytics = analytics
    }
}
