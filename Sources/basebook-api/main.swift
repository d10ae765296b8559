import ArgumentParser
import BackendAPI
import Foundation
import Logging
import ServiceKit

@main
struct BaseBookAPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "basebook-api",
        abstract: "BaseBook backend: market state from chain events, REST on 4000, WebSocket on 4001, metrics on 9090.",
        subcommands: [Serve.self, Migrate.self, HealthCheck.self]
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ingest events and serve the API until SIGTERM/SIGINT (then drain and exit 0).",
        discussion: """
        Configuration is environment variables (names as in the k8s ConfigMap/Secret): HOST, PORT, WS_PORT,
        METRICS_PORT, LOG_LEVEL, CHAIN_ID, INDEXER (devnet|rpc), DEVNET_SEED, DEVNET_SWAPS_PER_SECOND,
        DEVNET_HISTORY_HOURS, ROUTER_URL, ROUTER_TIMEOUT_MS, INTERNAL_TOKEN, CORS_ORIGINS, RATE_LIMIT_PER_MINUTE,
        RATE_LIMIT_BURST, API_KEYS, MAX_BODY_BYTES, DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX. Without DATABASE_URL and
        REDIS_URL it runs on embedded in-process defaults.
        """
    )

    func run() async throws {
        let settings = BackendCommand.settings()
        ServiceLogging.bootstrap(level: settings.server.logLevel)
        let metrics = MetricsRegistry(descriptions: BackendServer.metricDescriptions)
        metrics.bootstrapMetricsSystem()
        let logger = Logger(label: "basebook-api")
        do {
            let backends = try await BackendServer.Backends.make(for: settings, logger: logger)
            try await BackendServer(settings: settings, metrics: metrics, logger: logger, backends: backends).run()
        } catch {
            logger.critical("stopped on error", metadata: ["error": "\(error)"])
            BackendCommand.fail("serve", "\(error)", exitCode: CommandFailure.failure)
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring the database schema (DATABASE_URL) to the current version, then exit.",
        discussion: "Safe to run repeatedly and concurrently with running replicas; Kubernetes runs it as an init container."
    )

    func run() async throws {
        let settings = BackendCommand.settings()
        ServiceLogging.bootstrap(level: settings.server.logLevel)
        let logger = Logger(label: "basebook-api")
        do {
            try await BackendServer.Backends.migrate(settings, logger: logger)
        } catch {
            logger.critical("migration failed", metadata: ["error": "\(error)"])
            BackendCommand.fail("migrate", "\(error)", exitCode: CommandFailure.failure)
        }
    }
}

struct HealthCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Exit 0 when this container's API answers GET /health on 127.0.0.1:$PORT (the image's HEALTHCHECK)."
    )

    func run() throws {
        let port = (try? EnvironmentVariables.process.port("PORT", default: 4000)) ?? 4000
        guard HealthProbe.check(port: port, path: "/health") else { throw ExitCode(1) }
    }
}

enum BackendCommand {
    static func settings() -> BackendSettings {
        do {
            return try BackendSettings.load(from: .process)
        } catch {
            fail("", "configuration: \(error)", exitCode: CommandFailure.configuration)
        }
    }

    static func fail(_ command: String, _ message: String, exitCode: Int32) -> Never {
        CommandFailure.exit("basebook-api" + (command.isEmpty ? "" : " " + command), message, exitCode: exitCode)
    }
}
