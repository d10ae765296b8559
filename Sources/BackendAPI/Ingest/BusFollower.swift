import Logging
import Market
import ServiceLifecycle

/// Every replica's side: applies the batches the bus delivers to the hub, and when one starts
/// past the hub's sequence (a missed message, a bus outage) reads the missing events from the
/// store first, so clients see every event once and in order.
public struct BusFollower: Service {
    let bus: any EventBus
    let store: any MarketStore
    let hub: MarketHub
    /// Where the indexer statuses on the bus go, for readiness; nil when nothing reads them.
    let indexerStatus: ReportedIndexerStatus?
    let logger: Logger

    init(bus: any EventBus, store: any MarketStore, hub: MarketHub, indexerStatus: ReportedIndexerStatus? = nil, logger: Logger) {
        self.bus = bus
        self.store = store
        self.hub = hub
        self.indexerStatus = indexerStatus
        self.logger = logger
    }

    public func run() async throws {
        let batches = await bus.subscribe()
        await cancelWhenGracefulShutdown {
            for await batch in batches {
                await self.follow(batch)
            }
        }
    }

    func follow(_ batch: PublishedBatch) async {
        if let status = batch.indexer { indexerStatus?.record(status) }
        do {
            if case .gap(let have, let next) = try hub.apply(batch) {
                logger.warning("sequence gap on the bus; catching up from the store", metadata: ["have": "\(have)", "next": "\(next)"])
                try await catchUp(through: next - 1)
                try hub.apply(batch)
            }
        } catch {
            logger.error("could not apply a published batch", metadata: ["error": "\(error)"])
        }
    }

    /// Reads stored events after the hub's sequence until it reaches `target`. Tokens first
    /// registered in the missed batches come from the store too.
    func catchUp(through target: UInt64) async throws {
        if let stored = try await store.load(chainId: hub.view.state.chainId) {
            try hub.apply(PublishedBatch(tokens: Array(stored.state.tokens.values), events: []))
        }
        while hub.sequence < target {
            let events = try await store.events(after: hub.sequence, limit: 1_000)
            guard !events.isEmpty else { return }
            try hub.apply(PublishedBatch(events: events))
        }
    }
}
