import ChainIndexer
import Logging
import ServiceLifecycle

/// On the replica whose indexer runs, publishes its standing on the bus every `interval`, so
/// the replicas that only follow know whether the market they serve is current.
struct IndexerStatusPublisher: Service {
    let progress: IndexerProgress
    let bus: any EventBus
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await publishCurrent()
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Publishes the standing once, unless no indexer runs here.
    func publishCurrent() async {
        guard let status = IndexerStatus(progress.current) else { return }
        do {
            try await bus.publish(PublishedBatch(events: [], indexer: status))
        } catch {
            logger.warning("could not publish the indexer status", metadata: ["error": "\(error)"])
        }
    }
}
