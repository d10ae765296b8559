import Hummingbird

/// Registers routes and remembers them, so the OpenAPI document can be checked against what
/// the server really answers.
final class EndpointTable {
    typealias Handler = @Sendable (Request, BackendRequestContext) async throws -> Response

    private let router: Router<BackendRequestContext>
    private(set) var endpoints: [Endpoint] = []

    struct Endpoint: Hashable, Sendable {
        var method: String
        /// Hummingbird's template, e.g. `/v1/pools/{address}`: also OpenAPI's.
        var path: String
    }

    init(router: Router<BackendRequestContext>) {
        self.router = router
    }

    func get(_ path: String, _ handler: @escaping Handler) {
        endpoints.append(Endpoint(method: "get", path: path))
        router.get(RouterPath(path), use: handler)
    }

    func post(_ path: String, _ handler: @escaping Handler) {
        endpoints.append(Endpoint(method: "post", path: path))
        router.post(RouterPath(path), use: handler)
    }

    /// Routes under `prefix` behind `middleware`.
    func group(_ prefix: String, middleware: some RouterMiddleware<BackendRequestContext>) -> Group {
        Group(table: self, group: router.group(RouterPath(prefix)).add(middleware: middleware), prefix: prefix)
    }

    struct Group {
        let table: EndpointTable
        let group: RouterGroup<BackendRequestContext>
        let prefix: String

        func get(_ path: String, _ handler: @escaping Handler) {
            table.endpoints.append(Endpoint(method: "get", path: prefix + path))
            group.get(RouterPath(path), use: handler)
        }
    }
}
