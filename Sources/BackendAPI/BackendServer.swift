import AsyncHTTPClient
import ChainIndexer
import Foundation
import Hummingbird
import Logging
import Market
import ServiceKit
import ServiceLifecycle

/// `basebook-api serve`: REST on PORT, WebSocket on WS_PORT, metrics on METRICS_PORT, the event
/// source feeding the market, and the seams (store, bus, cache, rate limiter) chosen by the
/// environment — embedded in-process defaults unless DATABASE_URL / REDIS_URL are set.
public struct BackendServer: Sendable {
    public let settings: BackendSettings
    public let metrics: MetricsRegistry
    public let logger: Logger
    let backends: Backends

    /// The implementations behind the seams.
    public struct Backends: Sendable {
        public var store: any MarketStore
        public var bus: any EventBus
        public var cache: any ResponseCache
        public var limiter: any RateLimiter
        public var leadership: any LeaderElection
        /// Started before and stopped after everything that uses the backends.
        public var services: [any Service]

        public init(store: any MarketStore, bus: any EventBus, cache: any ResponseCache, limiter: any RateLimiter,
                    leadership: any LeaderElection, services: [any Service] = []) {
            self.store = store
            self.bus = bus
            self.cache = cache
            self.limiter = limiter
            self.leadership = leadership
            self.services = services
        }

        public static func embedded(_ settings: BackendSettings) -> Backends {
            Backends(store: InMemoryMarketStore(), bus: InProcessEventBus(), cache: InProcessResponseCache(),
                     limiter: TokenBucketRateLimiter(perMinute: settings.rateLimit.perMinute, burst: settings.rateLimit.burst),
                     leadership: SingleProcessLeadership())
        }
    }

    public init(settings: BackendSettings, metrics: MetricsRegistry, logger: Logger, backends: Backends) {
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        self.backends = backends
    }

    public func run(source: (any EventSource)? = nil) async throws {
        let webSocket = try WebSocketSettings.load(from: settings.environment)
        let store = backends.store
        try await store.migrate()
        let hub = MarketHub(chainId: settings.chainId, stablecoins: Set(BaseTokenList.usdStablecoins), logger: logger)
        let stored = try await store.load(chainId: settings.chainId)
        if let stored { hub.load(stored) }
        let pipeline = IngestPipeline(state: stored?.state ?? MarketState(chainId: settings.chainId), store: store,
                                      bus: backends.bus, hub: hub, logger: logger)

        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)))
        let responses = CachedResponses(cache: backends.cache, ttl: settings.quoteCacheTTL)
        let quotes = QuoteProxy(client: client, routerURL: settings.routerURL, timeout: settings.routerTimeout, hub: hub,
                                cache: backends.cache, ttl: settings.quoteCacheTTL, maxBodyBytes: settings.server.maxBodyBytes, logger: logger)
        let backends = self.backends
        let (source, indexer): (any EventSource, IndexerReadiness?) = try source.map { ($0, nil) } ?? makeSource(client: client, state: stored?.state)
        let (router, _) = BackendRoutes.make(.init(hub: hub, responses: responses, quotes: quotes, limiter: backends.limiter, settings: settings) {
            await Self.readiness(hub: hub, backends: backends, indexer: indexer)
        }, metrics: metrics)

        let server = settings.server
        var services: [any Service] = backends.services
        services.append(HTTPClientLifecycle(client: client))
        services.append(BusFollower(bus: backends.bus, store: store, hub: hub, indexerStatus: indexer?.reported, logger: logger))
        if let indexer {
            services.append(IndexerStatusPublisher(progress: indexer.progress, bus: backends.bus, interval: IndexerReadiness.publishInterval, logger: logger))
        }
        services.append(IngestService(source: source, pipeline: pipeline, store: store, leadership: backends.leadership,
                                      chainId: settings.chainId, logger: logger))
        services.append(MetricsServer.application(registry: metrics, host: server.host, port: server.metricsPort, logger: logger))
        services.append(WebSocketServer(settings: webSocket, feed: hub, metricsFactory: metrics.factory, logger: logger))
        services.append(Application(router: router, configuration: .init(address: .hostname(server.host, port: server.port), serverName: nil),
                                    logger: logger))
        // Last, so told first: long polls in flight return at once instead of holding the drain.
        services.append(HubShutdown(hub: hub))
        logger.info("basebook-api starting", metadata: [
            "port": "\(server.port)", "wsPort": "\(webSocket.port)", "metricsPort": "\(server.metricsPort)", "indexer": "\(settings.indexer.rawValue)",
            "store": "\(store.kind)", "bus": "\(backends.bus.kind)", "cache": "\(backends.cache.kind)", "rateLimiter": "\(backends.limiter.kind)",
            "router": "\(settings.routerURL)", "sequence": "\(hub.sequence)",
        ])
        try await ServiceRunner.run(services, logger: logger)
        logger.info("basebook-api stopped")
    }

    /// The configured source, and for the `rpc` source the readiness condition its lag sets.
    func makeSource(client: HTTPClient, state: MarketState?) throws -> (any EventSource, IndexerReadiness?) {
        switch settings.indexer {
        case .devnet:
            return (DevnetEventSource(settings: settings.devnet, chainId: settings.chainId, logger: logger, store: backends.store), nil)
        case .rpc:
            let rpc = try RPCIndexerSettings(environment: settings.environment.values)
            guard rpc.chainId == settings.chainId else {
                throw ConfigurationError(variable: "CHAIN_ID", expected: "the indexer's chain id \(rpc.chainId)", got: String(settings.chainId))
            }
            let progress = IndexerProgress()
            let source = RPCEventSource.live(settings: rpc, httpClient: client,
                                             builtinTokens: settings.chainId == 8453 ? BaseTokenList.tokens : [],
                                             knownPools: state.map { Array($0.pools.keys) }, progress: progress, logger: logger)
            return (source, IndexerReadiness(progress: progress, reported: ReportedIndexerStatus(), maxLagBlocks: rpc.maxReadyLagBlocks,
                                             maxStatusAge: IndexerReadiness.defaultMaxStatusAge))
        }
    }

    static func readiness(hub: MarketHub, backends: Backends, indexer: IndexerReadiness? = nil) async -> Readiness {
        guard await backends.store.isHealthy() else { return .notReady(code: "STORE_UNAVAILABLE", reason: "the \(backends.store.kind) store does not answer") }
        guard await backends.bus.isHealthy() else { return .notReady(code: "BUS_UNAVAILABLE", reason: "the \(backends.bus.kind) event bus does not answer") }
        guard hub.sequence > 0 else { return .notReady(code: "STATE_NOT_READY", reason: "the market state is not loaded yet") }
        return indexer?.current ?? .ready
    }
}

/// Ends the hub's live streams when a graceful shutdown begins.
struct HubShutdown: Service {
    let hub: MarketHub

    func run() async throws {
        try? await gracefulShutdown()
        hub.finish()
    }
}

/// Shuts the shared HTTP client down after the services that use it.
struct HTTPClientLifecycle: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
