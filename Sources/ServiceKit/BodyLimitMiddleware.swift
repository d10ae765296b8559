import Hummingbird

/// Rejects request bodies over `maxBytes` with 413 `PAYLOAD_TOO_LARGE` before any handler
/// parses them: by the declared Content-Length when there is one, else while reading a chunked
/// body. The body is collected here once, so handlers read it from memory.
public struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    public let maxBytes: Int

    public init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxBytes {
            throw APIError.payloadTooLarge(limit: maxBytes)
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maxBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.payloadTooLarge(limit: maxBytes)
        }
        return try await next(request, context)
    }
}
