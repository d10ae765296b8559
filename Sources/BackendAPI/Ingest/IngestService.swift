import Logging
import Market
import ServiceLifecycle

/// Runs the event source while this replica leads, restarting it with backoff when it fails
/// (a store outage, an RPC provider down). Each restart resumes after the stored checkpoint.
struct IngestService: Service {
    let source: any EventSource
    let pipeline: IngestPipeline
    let store: any MarketStore
    let leadership: any LeaderElection
    let chainId: UInt64
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var failures = 0
            while !Task.isCancelled {
                do {
                    try await leadership.whileLeader {
                        let stored = try await store.load(chainId: chainId)
                        await pipeline.resume(from: stored?.state ?? MarketState(chainId: chainId))
                        try await source.run(resumingAfter: stored?.checkpoint, into: pipeline)
                    }
                    failures = 0
                } catch is CancellationError {
                    return
                } catch {
                    failures += 1
                    let delay = min(30, 1 << min(failures, 5))
                    logger.error("event source stopped; restarting", metadata: ["error": "\(error)", "retryInSeconds": "\(delay)"])
                    try? await Task.sleep(for: .seconds(delay))
                }
            }
        }
    }
}
