import Logging
import Market
import Metrics

/// The leader's side of ingestion, and what every event source feeds: numbers events by
/// applying them to the authoritative state, commits them with the state they produce in one
/// store transaction, applies them to this replica's hub, then publishes them to the others.
/// A batch that cannot be committed changes nothing, so the source can retry it. The derived
/// history (swaps, candles, daily totals) is recorded here too, so it commits with its events.
public actor IngestPipeline: EventSink {
    private var state: MarketState
    private var analytics: MarketAnalytics
    private var pendingTokens: [Token] = []
    private let store: any MarketStore
    private let bus: any EventBus
    private let hub: MarketHub
    private let logger: Logger
    private let applied = Counter(label: BackendMetrics.eventsApplied)
    private let rejected = Counter(label: BackendMetrics.eventsRejected)
    private let indexedBlock = Gauge(label: BackendMetrics.indexerIndexedBlock)

    /// `analytics` defaults to the hub's, which must then hold `state`.
    public init(state: MarketState, analytics: MarketAnalytics? = nil, store: any MarketStore, bus: any EventBus, hub: MarketHub, logger: Logger) {
        self.state = state
        self.analytics = analytics ?? hub.view.analytics
        self.store = store
        self.bus = bus
        self.hub = hub
        self.logger = logger
    }

    public var sequence: UInt64 { state.sequence }
    /// Batches committed since start: how the ingest loop tells a run that made progress.
    public private(set) var commits = 0

    /// Takes the stored market as the state to number events on: what a replica does when it
    /// becomes the leader, since the previous leader moved the market on meanwhile.
    public func resume(from stored: StoredMarket?) {
        let stablecoins = analytics.stablecoins
        if let stored {
            state = stored.state
            analytics = MarketAnalytics(stablecoins: stablecoins, restoring: stored.analytics, in: stored.state)
        } else {
            state = MarketState(chainId: state.chainId)
            analytics = MarketAnalytics(stablecoins: stablecoins)
        }
        pendingTokens = []
    }

    public func register(_ tokens: [Token]) async throws {
        let new = tokens.filter { state.tokens[$0.address] != $0 }
        guard !new.isEmpty else { return }
        try await store.register(new)
        for token in new { state.register(token) }
        pendingTokens += new
    }

    public func ingest(_ events: [MarketEvent], checkpoint: IndexerCheckpoint) async throws {
        let startSequence = state.sequence
        var next = state
        var nextAnalytics = analytics
        var fresh: [AppliedEvent] = []
        var updates: [MarketAnalytics.Update] = []
        for event in events {
            do {
                if let numbered = try next.apply(event) {
                    fresh.append(numbered)
                    updates.append(nextAnalytics.record(numbered, in: next))
                }
            } catch {
                // A source's bad event must not stop the market; it is logged and counted.
                rejected.increment()
                logger.error("event rejected", metadata: [
                    "error": "\(error)", "kind": "\(event.kind.rawValue)", "pool": "\(event.pool)",
                    "txHash": "\(event.context.txHash)", "logIndex": "\(event.context.logIndex)",
                ])
            }
        }
        let touchedPools = Set(fresh.map(\.event.pool))
        // The same steps as the hub's, so the stored history equals what every replica shows.
        if !fresh.isEmpty { nextAnalytics.refresh(next, changed: touchedPools) }
        var positions: [PositionKey: UInt128] = [:]
        for numbered in fresh {
            switch numbered.event.payload {
            case .mint(let mint): positions[mint.positionKey] = next.positions[mint.positionKey] ?? 0
            case .burn(let burn): positions[burn.positionKey] = next.positions[burn.positionKey] ?? 0
            default: break
            }
        }
        let batch = IngestBatch(events: fresh, pools: touchedPools.compactMap { next.pools[$0] }, positions: positions,
                                checkpoint: checkpoint, sequence: next.sequence,
                                analytics: AnalyticsRecords(updates: updates, analytics: nextAnalytics))
        try await store.commit(batch)
        state = next
        analytics = nextAnalytics
        commits += 1
        indexedBlock.record(Int64(clamping: checkpoint.blockNumber))
        guard !fresh.isEmpty || !pendingTokens.isEmpty else { return }
        let published = PublishedBatch(tokens: pendingTokens, events: fresh)
        pendingTokens = []
        applied.increment(by: fresh.count)
        do {
            try hub.apply(published, derived: .init(startSequence: startSequence, view: MarketView(state: next, analytics: nextAnalytics), updates: updates))
        } catch {
            logger.critical("the hub could not apply a committed batch", metadata: ["error": "\(error)"])
        }
        do {
            try await bus.publish(published)
        } catch {
            // Other replicas close the gap from the store when the bus returns.
            logger.warning("could not publish a batch to the bus", metadata: ["error": "\(error)", "sequence": "\(next.sequence)"])
        }
    }
}
