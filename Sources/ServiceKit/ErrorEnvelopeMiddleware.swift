import Hummingbird
import Logging

/// Turns whatever a handler throws into the JSON error envelope, so no client ever sees
/// Hummingbird's plain-text errors or an empty 500. Unknown paths arrive here as
/// `HTTPError(.notFound)` and leave as `NOT_FOUND`.
public struct ErrorEnvelopeMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError(from: error, path: request.uri.path)
            if apiError.status == .internalServerError {
                // Only faults of our own are worth an error line: client mistakes, and answers such
                // as 503 "state not loaded yet", would drown it.
                context.logger.error("request failed", metadata: [
                    "method": .string(request.method.rawValue), "path": .string(request.uri.path),
                    "code": .string(apiError.code), "error": .string("\(error)"),
                ])
            } else {
                context.logger.debug("request rejected", metadata: [
                    "method": .string(request.method.rawValue), "path": .string(request.uri.path), "code": .string(apiError.code),
                ])
            }
            return apiError.envelopeResponse()
        }
    }
}
