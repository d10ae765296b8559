import ChainIndexer
import Market

/// A sink that applies what it receives to a fresh `MarketState`, as the backend would, and
/// keeps the batches for assertions.
actor RecordingSink: EventSink {
    private(set) var state: MarketState
    private(set) var registered: [Token] = []
    private(set) var batches: [(events: [MarketEvent], checkpoint: IndexerCheckpoint)] = []
    private(set) var duplicates = 0
    /// The source's standing as each batch arrived, when the test watches one.
    private let progress: IndexerProgress?
    private(set) var standings: [IndexerProgress.Standing] = []

    init(chainId: UInt64, progress: IndexerProgress? = nil) {
        state = MarketState(chainId: chainId)
        self.progress = progress
    }

    init(state: MarketState) {
        self.state = state
        progress = nil
    }

    var checkpoint: IndexerCheckpoint? { batches.last?.checkpoint }
    var events: [MarketEvent] { batches.flatMap(\.events) }

    func register(_ tokens: [Token]) async throws {
        registered += tokens
        for token in tokens { state.register(token) }
    }

    func ingest(_ events: [MarketEvent], checkpoint: IndexerCheckpoint) async throws {
        var next = state
        for event in events {
            if try next.apply(event) == nil { duplicates += 1 }
        }
        state = next
        batches.append((events, checkpoint))
        if let progress { standings.append(progress.current) }
    }
}
