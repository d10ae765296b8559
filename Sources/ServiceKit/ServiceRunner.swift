import Logging
import ServiceLifecycle

/// Runs a service's parts (HTTP app, metrics server, background work) as one ServiceGroup:
/// SIGTERM or SIGINT starts a graceful shutdown — servers stop accepting and finish the
/// requests in flight, background services stop — and `run` returns normally, so the process
/// exits 0. Any part ending or failing shuts the rest down gracefully too; a failure is
/// rethrown so the process exits non-zero.
public enum ServiceRunner {
    /// Services shut down in reverse order: list shared clients first so they outlive their users.
    public static func run(_ services: [any Service], logger: Logger,
                           maximumGracefulShutdownDuration: Duration = .seconds(25)) async throws {
        // Last in the list, so the first told of the shutdown: the log says when draining began.
        let all = services + [ShutdownAnnouncer(logger: logger)]
        var configuration = ServiceGroupConfiguration(
            services: all.map {
                .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
            },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        // Kubernetes kills after terminationGracePeriodSeconds (30 s by default): stop waiting a bit before.
        configuration.maximumGracefulShutdownDuration = maximumGracefulShutdownDuration
        try await ServiceGroup(configuration: configuration).run()
    }
}

/// Logs the start of a graceful shutdown, then ends.
struct ShutdownAnnouncer: Service {
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group is ending without a graceful shutdown
        }
        logger.info("shutting down gracefully: no new connections, finishing requests in flight")
    }
}
