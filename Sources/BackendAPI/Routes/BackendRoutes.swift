import Hummingbird
import ServiceKit

/// The backend's REST API: ServiceKit's middleware, CORS and the rate limiter, `/health`,
/// `/ready`, `/openapi.json`, the market reads, the quote proxy and the routers' state feed.
public enum BackendRoutes {
    struct Parts: Sendable {
        var hub: MarketHub
        var responses: CachedResponses
        var quotes: QuoteProxy?
        var limiter: any RateLimiter
        var settings: BackendSettings
        var readiness: @Sendable () async -> Readiness
    }

    /// Builds the router and returns it with the endpoints it registered.
    static func make(_ parts: Parts, metrics: MetricsRegistry) -> (Router<BackendRequestContext>, [EndpointTable.Endpoint]) {
        let router = Router(context: BackendRequestContext.self)
        router.add(middleware: HTTPMetricsMiddleware(factory: metrics.factory))
        router.add(middleware: CORSPolicy(origins: parts.settings.allowedOrigins))
        router.add(middleware: ErrorEnvelopeMiddleware())
        if parts.settings.rateLimit.perMinute > 0 {
            router.add(middleware: RateLimitMiddleware(limiter: parts.limiter, apiKeys: parts.settings.rateLimit.apiKeys,
                                                       trustedProxyHops: parts.settings.rateLimit.trustedProxyHops))
        }
        router.add(middleware: BodyLimitMiddleware(maxBytes: parts.settings.server.maxBodyBytes))
        HealthRoutes.add(to: router, readiness: parts.readiness)

        let table = EndpointTable(router: router)
        table.get("/openapi.json") { _, _ in CachedResponses.response(Array(OpenAPIDocument.json.utf8)) }
        MarketRoutes(hub: parts.hub, responses: parts.responses).add(to: table)
        parts.quotes?.add(to: table)
        StateFeedRoutes(hub: parts.hub, token: parts.settings.internalToken, responses: parts.responses).add(to: table)
        let documented = [EndpointTable.Endpoint(method: "get", path: "/health"), EndpointTable.Endpoint(method: "get", path: "/ready")]
        return (router, documented + table.endpoints)
    }
}
