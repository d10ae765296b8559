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
            var policy = RestartPolicy()
            while !Task.isCancelled {
                let commitsAtStart = await pipeline.commits
                do {
                    try await leadership.whileLeader {
                        let stored = try await store.load(chainId: chainId)
                        await pipeline.resume(from: stored)
                        try await source.run(resumingAfter: stored?.checkpoint, into: pipeline)
                    }
                    policy.reset()
                } catch is CancellationError {
                    return
                } catch {
                    let delay = policy.delay(afterFailureWithProgress: await pipeline.commits > commitsAtStart)
                    logger.error("event source stopped; restarting", metadata: [
                        "error": "\(error)", "retryInMilliseconds": "\(delay / .milliseconds(1))", "failuresInARow": "\(policy.failuresInARow)",
                    ])
                    try? await Task.sleep(for: delay)
                }
            }
        }
    }
}
