import Hummingbird
import Logging
import Routing
import ServiceKit
import ServiceLifecycle

/// `basebook-router serve`: the API on PORT, metrics on METRICS_PORT, and the state source —
/// a state file, the backend's feed, or both (the file first, then the feed takes over).
public struct RouterServer: Sendable {
    public let settings: RouterSettings
    public let metrics: MetricsRegistry
    public let logger: Logger

    public init(settings: RouterSettings, metrics: MetricsRegistry, logger: Logger) {
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
    }

    /// Runs until SIGTERM/SIGINT (returns normally) or a part fails (throws). A state file that
    /// cannot be loaded throws `StateFile.LoadError` before anything listens.
    public func run() async throws {
        let routerMetrics = RouterMetrics(factory: metrics.factory)
        // Only a state that something keeps current can go stale.
        let state = RouterState(metrics: routerMetrics, maxAge: settings.backendURL == nil ? nil : settings.stateMaxAge)
        if let path = settings.stateFile {
            let snapshot = try StateFile.load(path: path)
            state.load(snapshot)
            logger.info("loaded state file", metadata: [
                "path": "\(path)", "sequence": "\(snapshot.sequence)", "pools": "\(snapshot.pools.count)", "tokens": "\(snapshot.tokens.count)",
            ])
        }
        let service = QuoteService(state: state, engine: QuoteEngine(configuration: settings.routing),
                                   cacheSize: settings.quoteCacheSize, metrics: routerMetrics)

        var services: [any Service] = []
        if let backendURL = settings.backendURL {
            let client = HTTPClientService.makeClient()
            services.append(HTTPClientService(client: client))
            services.append(StateSyncService(client: client, settings: .init(baseURL: backendURL, token: settings.internalToken),
                                             state: state, logger: logger))
        }
        let server = settings.server
        services.append(MetricsServer.application(registry: metrics, host: server.host, port: server.metricsPort, logger: logger))
        let router = RouterRoutes.router(service: service, defaults: settings.defaults, metrics: metrics,
                                         limits: .init(maxBodyBytes: server.maxBodyBytes, maxBatchRequests: settings.maxBatchRequests))
        services.append(Application(router: router, configuration: .init(address: .hostname(server.host, port: server.port), serverName: nil),
                                    logger: logger))

        logger.info("basebook-router starting", metadata: [
            "port": "\(server.port)", "metricsPort": "\(server.metricsPort)", "host": "\(server.host)",
            "stateSource": "\(stateSourceDescription)", "maxHops": "\(settings.defaults.maxHops)", "maxSplits": "\(settings.defaults.maxSplits)",
            "quoteCacheSize": "\(settings.quoteCacheSize)",
        ])
        try await ServiceRunner.run(services, logger: logger)
        logger.info("basebook-router stopped")
    }

    var stateSourceDescription: String {
        switch (settings.stateFile, settings.backendURL) {
        case (let file?, let backend?): "file \(file), then backend \(backend)"
        case (let file?, nil): "file \(file)"
        case (nil, let backend?): "backend \(backend)"
        case (nil, nil): "none (not ready until a state is loaded)"
        }
    }
}
