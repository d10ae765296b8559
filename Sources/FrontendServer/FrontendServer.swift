import Hummingbird
import Logging
import ServiceKit
import ServiceLifecycle

/// `basebook-frontend serve`: the web app, its runtime config, health and metrics on one port,
/// until SIGTERM/SIGINT drains it.
public struct FrontendServer: Sendable {
    public let settings: FrontendSettings
    public let metrics: MetricsRegistry
    public let logger: Logger

    public enum StartError: Error, CustomStringConvertible {
        case rootMissing(String)
        case indexMissing(String)

        public var description: String {
            switch self {
            case .rootMissing(let path): "FRONTEND_ROOT \(path) is not a readable directory"
            case .indexMissing(let path): "FRONTEND_ROOT \(path) has no index.html"
            }
        }
    }

    public init(settings: FrontendSettings, metrics: MetricsRegistry, logger: Logger) {
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
    }

    /// Checks the root before listening, so a misconfigured pod fails at once rather than
    /// answering every request with an error.
    public func makeApplication() throws(StartError) -> some ApplicationProtocol {
        guard let files = StaticFileCache(root: settings.root) else { throw .rootMissing(settings.root) }
        guard case .file = files.lookup(["index.html"]) else { throw .indexMissing(files.root) }
        let router = FrontendRoutes.router(settings: settings, files: files, metrics: metrics)
        return Application(router: router, configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
                           logger: logger)
    }

    public func run() async throws {
        let application = try makeApplication()
        logger.info("basebook-frontend starting", metadata: [
            "host": "\(settings.host)", "port": "\(settings.port)", "root": "\(settings.root)",
            "apiUrl": "\(settings.runtime.apiUrl)", "wsUrl": "\(settings.runtime.wsUrl)", "chainId": "\(settings.runtime.chainId)",
        ])
        try await ServiceRunner.run([application], logger: logger)
        logger.info("basebook-frontend stopped")
    }
}
