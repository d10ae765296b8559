import Hummingbird
import NIOCore
import ServiceKit

/// The frontend's HTTP surface on one port: `/api/health`, `/config.json`, `/metrics` and the
/// web app's files, with the SPA fallback: an unknown path without a file extension is a route
/// of the app, so it gets `index.html`; one with an extension is a missing asset, so a 404.
public enum FrontendRoutes {
    public static func router(settings: FrontendSettings, files: StaticFileCache, metrics: MetricsRegistry) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: HTTPMetricsMiddleware(factory: metrics.factory))
        router.add(middleware: SecurityHeadersMiddleware(headers: SecurityHeaders(runtime: settings.runtime)))
        router.add(middleware: ErrorEnvelopeMiddleware())

        router.get("/api/health") { _, _ in
            try JSONResponse.make(["status": "ok"])
        }

        let configBody = ByteBuffer(bytes: settings.runtime.json())
        router.get("/config.json") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: configBody))
        }

        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = MetricsServer.contentType
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }

        let serve: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            try staticResponse(for: request, files: files)
        }
        router.get("/", use: serve)
        router.head("/", use: serve)
        router.get("**", use: serve)
        router.head("**", use: serve)
        return router
    }

    static func staticResponse(for request: Request, files: StaticFileCache) throws -> Response {
        let path = request.uri.path
        switch RequestPath(path) {
        case .forbidden:
            throw APIError(status: .badRequest, code: "INVALID_PATH", message: "the path may not leave the site's root", details: ["path": path])
        case .hidden:
            throw APIError.notFound(path: path)
        case .relative(let segments):
            if !segments.isEmpty, case .file(let file) = files.lookup(segments) {
                return StaticFileResponder.response(for: request, file: file)
            }
            if let last = segments.last, MediaTypes.fileExtension(of: last) != nil {
                throw APIError(status: .notFound, code: "NOT_FOUND", message: "no file at \(path)", details: ["path": path])
            }
            guard case .file(let index) = files.lookup(["index.html"]) else {
                throw APIError(status: .serviceUnavailable, code: "APP_MISSING", message: "index.html is missing from the served directory")
            }
            return StaticFileResponder.response(for: request, file: index)
        }
    }
}
