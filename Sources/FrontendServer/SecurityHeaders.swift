import Hummingbird

/// The headers every response carries, computed once from the configuration.
///
/// The policy lets the page load only its own scripts, styles and images and talk only to
/// itself and the configured API and WebSocket origins; no inline script or style (the app
/// sets styles through the CSSOM, which the policy allows), no framing.
public struct SecurityHeaders: Sendable {
    public let fields: HTTPFields

    public init(runtime: RuntimeConfig) {
        var fields = HTTPFields()
        fields[.contentSecurityPolicy] = Self.contentSecurityPolicy(runtime: runtime)
        fields[.xContentTypeOptions] = "nosniff"
        fields[.init("Referrer-Policy")!] = "strict-origin-when-cross-origin"
        fields[.init("X-Frame-Options")!] = "DENY"
        fields[.init("Cross-Origin-Opener-Policy")!] = "same-origin"
        fields[.init("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=(), payment=()"
        self.fields = fields
    }

    static func contentSecurityPolicy(runtime: RuntimeConfig) -> String {
        var connect = ["'self'"]
        for url in [runtime.apiUrl, runtime.wsUrl] {
            if let origin = RuntimeConfig.origin(of: url), !connect.contains(origin) { connect.append(origin) }
        }
        return [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src " + connect.joined(separator: " "),
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }
}

/// Adds `SecurityHeaders` to every response, errors included.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let headers: SecurityHeaders

    public init(headers: SecurityHeaders) {
        self.headers = headers
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers.append(contentsOf: headers.fields)
        return response
    }
}
