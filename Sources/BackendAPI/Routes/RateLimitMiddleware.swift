import HTTPTypes
import Hummingbird
import Metrics
import ServiceKit

/// Admits each request through the rate limiter, keyed by a known `x-api-key` or else the
/// client IP (from `X-Forwarded-For` behind trusted proxies, see `ClientAddress`); refused
/// requests get 429 with `Retry-After`. Probes and the routers' feed are
/// not limited.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = BackendRequestContext
    let limiter: any RateLimiter
    let apiKeys: Set<String>
    let trustedProxyHops: Int
    private let refused = Counter(label: BackendMetrics.rateLimited)

    init(limiter: any RateLimiter, apiKeys: Set<String>, trustedProxyHops: Int = 0) {
        self.limiter = limiter
        self.apiKeys = apiKeys
        self.trustedProxyHops = trustedProxyHops
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/v1/") else { return try await next(request, context) }
        let decision = await limiter.take(key(request, context))
        guard decision.allowed else {
            refused.increment()
            var response = APIError(status: .tooManyRequests, code: "RATE_LIMITED",
                                    message: "too many requests; retry after \(decision.retryAfterSeconds) s",
                                    details: ["retryAfterSeconds": String(decision.retryAfterSeconds)]).envelopeResponse()
            response.headers[.retryAfter] = String(decision.retryAfterSeconds)
            response.headers[HTTPField.Name("x-ratelimit-limit")!] = String(decision.limit)
            response.headers[HTTPField.Name("x-ratelimit-remaining")!] = "0"
            return response
        }
        var response = try await next(request, context)
        response.headers[HTTPField.Name("x-ratelimit-limit")!] = String(decision.limit)
        response.headers[HTTPField.Name("x-ratelimit-remaining")!] = String(decision.remaining)
        return response
    }

    func key(_ request: Request, _ context: Context) -> String {
        if let apiKey = request.headers[HTTPField.Name("x-api-key")!], apiKeys.contains(apiKey) { return "key:" + apiKey }
        let client = ClientAddress.resolve(forwardedFor: request.headers[values: HTTPField.Name("x-forwarded-for")!],
                                           peer: context.remoteAddress?.ipAddress, trustedHops: trustedProxyHops)
        return "ip:" + (client ?? "unknown")
    }
}
