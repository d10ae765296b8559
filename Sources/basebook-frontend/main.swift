import ArgumentParser
import Foundation
import FrontendServer
import Logging
import ServiceKit

@main
struct BaseBookFrontend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "basebook-frontend",
        abstract: "BaseBook frontend: serves the web app and its runtime config on 3000.",
        subcommands: [Serve.self, HealthCheck.self]
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the web app (FRONTEND_ROOT) with /config.json, /api/health and /metrics on PORT (default 3000).",
        discussion: """
        Environment: HOST, PORT, LOG_LEVEL, FRONTEND_ROOT (./Frontend), API_URL \
        (http://localhost:4000), WS_URL (ws://localhost:4001/ws), CHAIN_ID (8453). \
        SIGTERM or SIGINT stops it gracefully (exit 0).
        """
    )

    func run() async throws {
        let settings: FrontendSettings
        do {
            settings = try FrontendSettings.load(from: .process)
        } catch {
            Self.fail("configuration: \(error)", exitCode: CommandFailure.configuration)
        }
        ServiceLogging.bootstrap(level: settings.logLevel)
        let metrics = MetricsRegistry()
        metrics.bootstrapMetricsSystem()
        let logger = Logger(label: "basebook-frontend")
        do {
            try await FrontendServer(settings: settings, metrics: metrics, logger: logger).run()
        } catch let error as FrontendServer.StartError {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            Self.fail("\(error)", exitCode: CommandFailure.noInput)
        } catch {
            logger.critical("stopped on error", metadata: ["error": "\(error)"])
            Self.fail("\(error)", exitCode: CommandFailure.failure)
        }
    }

    static func fail(_ message: String, exitCode: Int32) -> Never {
        CommandFailure.exit("basebook-frontend serve", message, exitCode: exitCode)
    }
}

struct HealthCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Exit 0 when GET /api/health on 127.0.0.1:PORT answers 200 (the container HEALTHCHECK)."
    )

    func run() throws {
        let port = (try? EnvironmentVariables.process.port("PORT", default: 3000)) ?? 3000
        guard HealthProbe.check(port: port, path: "/api/health") else { throw ExitCode(1) }
    }
}
