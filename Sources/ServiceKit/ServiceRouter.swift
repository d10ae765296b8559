import Hummingbird

/// A router with the middleware every BaseBook HTTP API shares, in the order that makes each
/// one see what it needs: metrics outermost (so they count the final status), then the error
/// envelope, then the body limit. Also `/health` and `/ready`. Routes added afterwards get all
/// of it; unknown paths get a 404 envelope.
public enum ServiceRouter {
    public static func make<Context: RequestContext>(
        context: Context.Type = BasicRequestContext.self,
        metrics: MetricsRegistry,
        maxBodyBytes: Int,
        readiness: @escaping @Sendable () async -> Readiness
    ) -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(middleware: HTTPMetricsMiddleware(factory: metrics.factory))
        router.add(middleware: ErrorEnvelopeMiddleware())
        router.add(middleware: BodyLimitMiddleware(maxBytes: maxBodyBytes))
        HealthRoutes.add(to: router, readiness: readiness)
        return router
    }
}
