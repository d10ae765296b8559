import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Market
import ServiceKit
@testable import BackendAPI

/// A backend market built the way `serve` builds it — devnet events through the ingest
/// pipeline into the embedded store and the hub — but without sockets.
struct BackendFixture {
    static let start: Int64 = 1_750_000_000 - 1_750_000_000 % 86_400
    let hub: MarketHub
    let store: InMemoryMarketStore
    let bus: InProcessEventBus
    let pipeline: IngestPipeline
    let market: DevnetMarket

    static func make(minutes: Int = 10, seed: UInt64 = 3) async throws -> BackendFixture {
        var market = try DevnetMarket(configuration: DevnetConfiguration(seed: seed, swapsPerSecond: 2, startTime: start))
        let store = InMemoryMarketStore()
        let bus = InProcessEventBus()
        let hub = MarketHub(chainId: 8453, stablecoins: Set(BaseTokenList.usdStablecoins), logger: Logger(label: "test"))
        let pipeline = IngestPipeline(state: MarketState(chainId: 8453), store: store, bus: bus, hub: hub, logger: Logger(label: "test"))
        try await pipeline.register(market.tokens)
        try await pipeline.ingest(market.genesis.events, checkpoint: market.genesis.checkpoint)
        var events: [MarketEvent] = []
        var last = market.genesis.checkpoint
        market.advance(through: start + Int64(minutes) * 60) { block in
            events += block.events
            last = block.checkpoint
        }
        try await pipeline.ingest(events, checkpoint: last)
        return BackendFixture(hub: hub, store: store, bus: bus, pipeline: pipeline, market: market)
    }

    static func settings(_ values: [String: String] = [:]) throws -> BackendSettings {
        try BackendSettings.load(from: EnvironmentVariables(["RATE_LIMIT_PER_MINUTE": "0"].merging(values) { _, new in new }))
    }

    /// The REST API over this market; `routerURL` nil leaves /v1/quote out.
    func app(settings: BackendSettings, routerURL: String? = nil, limiter: (any RateLimiter)? = nil,
             indexer: IndexerReadiness? = nil) throws -> (some ApplicationProtocol, [EndpointTable.Endpoint]) {
        let cache = InProcessResponseCache()
        let hub = self.hub
        let quotes = routerURL.map {
            QuoteProxy(client: .shared, routerURL: $0, timeout: .seconds(5), hub: hub, cache: cache, ttl: .seconds(2),
                       maxBodyBytes: settings.server.maxBodyBytes, logger: Logger(label: "test"))
        }
        let store = self.store
        let bus = self.bus
        let backends = BackendServer.Backends(store: store, bus: bus, cache: cache,
                                              limiter: limiter ?? TokenBucketRateLimiter(perMinute: 60, burst: 10), leadership: SingleProcessLeadership())
        let (router, endpoints) = BackendRoutes.make(.init(hub: hub, responses: CachedResponses(cache: cache, ttl: .seconds(2)), quotes: quotes,
                                                           limiter: backends.limiter, settings: settings) {
            await BackendServer.readiness(hub: hub, backends: backends, indexer: indexer)
        }, metrics: MetricsRegistry(descriptions: BackendMetrics.descriptions))
        return (Application(router: router), endpoints)
    }

    var someTrader: Address { market.traders[0] }
    var someProvider: Address { market.liquidityProviders[0] }
    var weth: Address { BaseTokenList.entry(symbol: "WETH")!.address }
    var usdc: Address { BaseTokenList.entry(symbol: "USDC")!.address }
}

extension TestClientProtocol {
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }

    func post(_ uri: String, json: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: json))
    }
}

extension TestResponse {
    var object: [String: Any] {
        get throws { try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:] }
    }

    var data: [[String: Any]] {
        get throws { try object["data"] as? [[String: Any]] ?? [] }
    }

    var errorCode: String? {
        (try? object["error"] as? [String: Any])?["code"] as? String
    }
}
