import Market

/// The embedded bus: one process, so publishing is handing the batch to local subscribers.
public final class InProcessEventBus: EventBus {
    private let broadcaster = Broadcaster<PublishedBatch>()

    public init() {}

    public var kind: String { "in-process" }

    public func publish(_ batch: PublishedBatch) async throws { broadcaster.send(batch) }

    public func subscribe() async -> AsyncStream<PublishedBatch> { broadcaster.subscribe() }

    public func isHealthy() async -> Bool { true }
}
