import ChainIndexer
import Market

/// A sink that applies what it receives to a fresh `MarketState`, as the backend would, and
/// keeps the batches for assertions.
actor RecordingSink: EventSink {
    private(set) var state: MarketState
    private(set) var registered: [Token] = []
    private(set) var batches: [(events: [MarketEvent], checkpoint: IndexerCheckpoint)] = []
    private(set) var duplicates = 0

    init(chainId: UInt64) {
        state = MarketState(chainId: chainId)
    }

    init(state: MarketState) {
        self.state = state
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
    }
}
