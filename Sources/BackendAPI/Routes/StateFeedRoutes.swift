import Foundation
import Hummingbird
import Market
import ServiceKit

/// The routers' feed: `/internal/v1/state` (the whole market) and the long-polling
/// `/internal/v1/state/changes?after=SEQ` (the pools changed since, in full), both in the
/// snapshot format. Guarded by `INTERNAL_TOKEN` when one is configured.
struct StateFeedRoutes: Sendable {
    let hub: MarketHub
    let token: String?
    let responses: CachedResponses
    /// Under the routers' 35 s client timeout, so an idle poll ends with an empty answer.
    var longPoll: Duration = .seconds(25)

    func add(to router: EndpointTable) {
        let group = router.group("/internal/v1", middleware: BearerTokenMiddleware<BackendRequestContext>(token: token))
        group.get("/state") { request, _ in
            let view = hub.view
            return try await responses.json(for: request, sequence: view.sequence) { view.state.snapshot() }
        }
        group.get("/state/changes") { request, _ in try await self.changes(request) }
    }

    func changes(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        guard let text = query.string("after") else { throw APIError.invalidField("after", "after=<sequence> is required") }
        guard let after = UInt64(text) else { throw APIError.invalidField("after", "after must be a non-negative integer sequence, got \"\(text.prefix(40))\"") }
        let wait = try query.integer("timeout", in: 0...60).map { Duration.seconds($0) } ?? longPoll
        guard let changes = await hub.changes(after: after, timeout: wait) else {
            throw APIError(status: .gone, code: "SEQUENCE_AHEAD",
                           message: "this backend is at sequence \(hub.sequence), below \(after); fetch /internal/v1/state again",
                           details: ["sequence": String(hub.sequence), "after": String(after)])
        }
        return CachedResponses.response(try CachedResponses.encode(changes))
    }
}

/// Requires `Authorization: Bearer <token>` when a token is configured.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let token {
            let presented = request.headers[.authorization] ?? ""
            guard Self.constantTimeEqual(presented, "Bearer " + token) else {
                throw APIError(status: .unauthorized, code: "UNAUTHORIZED", message: "this endpoint needs Authorization: Bearer <INTERNAL_TOKEN>")
            }
        }
        return try await next(request, context)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
