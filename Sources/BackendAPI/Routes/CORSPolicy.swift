import Hummingbird

/// CORS for the configured origins only (`CORS_ORIGINS`; `*` allows any). Preflights are
/// answered here; other requests get the allow headers when their origin is listed.
struct CORSPolicy<Context: RequestContext>: RouterMiddleware {
    let origins: AllowedOrigins

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], origins.allows(origin) else {
            return try await next(request, context)
        }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var response = Response(status: .noContent)
            allow(origin, in: &response.headers)
            response.headers[.accessControlAllowMethods] = "GET, POST, OPTIONS"
            response.headers[.accessControlAllowHeaders] = request.headers[.accessControlRequestHeaders] ?? "content-type, x-api-key"
            response.headers[.accessControlMaxAge] = "600"
            return response
        }
        var response = try await next(request, context)
        allow(origin, in: &response.headers)
        response.headers[.accessControlExposeHeaders] = "retry-after, x-ratelimit-limit, x-ratelimit-remaining"
        return response
    }

    private func allow(_ origin: String, in headers: inout HTTPFields) {
        headers[.accessControlAllowOrigin] = origins.allowsAny ? "*" : origin
        if !origins.allowsAny { headers[.vary] = "Origin" }
    }
}
