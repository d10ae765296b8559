import Hummingbird
import Logging

/// The metrics endpoint, on its own port so scraping never competes with (or is exposed
/// alongside) the public API: `GET /metrics` in the Prometheus text format.
public enum MetricsServer {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func router(registry: MetricsRegistry) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ErrorEnvelopeMiddleware())
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = contentType
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: registry.exposition())))
        }
        return router
    }

    public static func application(registry: MetricsRegistry, host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        Application(router: router(registry: registry),
                    configuration: .init(address: .hostname(host, port: port), serverName: nil),
                    logger: logger)
    }
}
