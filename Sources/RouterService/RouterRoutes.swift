import Foundation
import Hummingbird
import Routing
import ServiceKit

/// The router's HTTP API (ARCHITECTURE.md, "Router"). Handlers only decode, call
/// `QuoteService`, and encode; errors become the envelope in ServiceKit's middleware.
///
/// Where quotes run: Hummingbird 2 (HummingbirdCore `Server.run`) accepts each connection in
/// `withDiscardingTaskGroup { group.addTask { await childChannelSetup.handle(...) } }`, and
/// `HTTPChannelHandler.handleHTTP` awaits the responder from that child task. The task has no
/// executor preference and the handler chain is `nonisolated` async code (the package does not
/// enable NonisolatedNonsendingByDefault), so handlers run on Swift's global concurrent
/// executor — a pool with one thread per core — not on the NIO event loops, which only move
/// bytes. The synchronous engine call below therefore already runs off the event loops and on
/// all cores; hopping again would only add a context switch.
public enum RouterRoutes {
    public struct Limits: Sendable {
        public var maxBodyBytes: Int
        public var maxBatchRequests: Int

        public init(maxBodyBytes: Int = 64 * 1024, maxBatchRequests: Int = 100) {
            self.maxBodyBytes = maxBodyBytes
            self.maxBatchRequests = maxBatchRequests
        }
    }

    /// The complete router: ServiceKit's middleware, `/health`, `/ready`, and the API.
    public static func router(service: QuoteService, defaults: QuoteDefaults, metrics: MetricsRegistry, limits: Limits = Limits()) -> Router<BasicRequestContext> {
        let state = service.state
        let router = ServiceRouter.make(metrics: metrics, maxBodyBytes: limits.maxBodyBytes) { state.readiness() }
        let handlers = Handlers(service: service, defaults: defaults, limits: limits)
        router.post("/v1/quote") { request, _ in try await handlers.quote(body: request) }
        router.get("/v1/quote") { request, _ in try handlers.quote(query: request) }
        router.post("/v1/quotes") { request, _ in try await handlers.batch(request) }
        router.post("/v1/simulate") { request, _ in try await handlers.simulate(request) }
        router.get("/v1/graph") { _, _ in try handlers.graph() }
        return router
    }

    struct Handlers: Sendable {
        let service: QuoteService
        let defaults: QuoteDefaults
        let limits: Limits

        func quote(body request: Request) async throws -> Response {
            let buffer = try await request.body.collect(upTo: limits.maxBodyBytes)
            // The usual flat body is read without Foundation; anything else takes the full decoder.
            let object = try buffer.withUnsafeReadableBytes(FlatJSONObject.parse) ?? Self.jsonObject(buffer)
            return try quoteResponse(RequestFields(object: object))
        }

        func quote(query request: Request) throws -> Response {
            let fields = RequestFields(query: request.uri.queryParameters.map { (String($0.key), String($0.value)) })
            return try quoteResponse(fields)
        }

        /// The body is `QuotePayload`'s encoding, written from the cached parts (`EncodedQuote`).
        func quoteResponse(_ fields: RequestFields) throws -> Response {
            let request = try QuoteRequest(fields: fields, defaults: defaults)
            let answer = try service.encodedQuote(request)
            return answer.body.response(computeMicros: answer.computeMicros)
        }

        /// Each entry is answered on its own (a bad entry does not fail the batch); entries are
        /// quoted concurrently, so a large batch uses every core.
        func batch(_ request: Request) async throws -> Response {
            let body = try await Self.jsonObject(request, limit: limits.maxBodyBytes)
            guard case .array(let entries)? = body["requests"] else {
                throw APIError.invalidField("requests", "requests is required: an array of quote requests")
            }
            guard (1...limits.maxBatchRequests).contains(entries.count) else {
                throw APIError.invalidField("requests", "requests must hold 1 to \(limits.maxBatchRequests) quote requests, got \(entries.count)")
            }
            let results = await withTaskGroup(of: (Int, [UInt8]).self) { group in
                for (index, entry) in entries.enumerated() {
                    group.addTask { (index, self.batchEntry(entry, index: index)) }
                }
                var results = [[UInt8]](repeating: [], count: entries.count)
                for await (index, result) in group { results[index] = result }
                return results
            }
            // `BatchPayload`'s encoding, each entry as /v1/quote (or the error envelope) writes it.
            var buffer = ByteBufferAllocator().buffer(capacity: 16 + results.reduce(0) { $0 + $1.count + 1 })
            buffer.writeString(#"{"results":["#)
            for (index, result) in results.enumerated() {
                if index > 0 { buffer.writeString(",") }
                buffer.writeBytes(result)
            }
            buffer.writeString("]}")
            return Response(status: .ok, headers: EncodedQuote.jsonHeaders, body: .init(byteBuffer: buffer))
        }

        /// One entry of the batch answer: the quote's body, or the error's envelope.
        func batchEntry(_ entry: JSONValue, index: Int) -> [UInt8] {
            guard case .object(let object) = entry else {
                return APIError.invalidField("requests[\(index)]", code: "INVALID_REQUEST", "requests[\(index)] must be an object, got \(entry.kind)").envelopeJSON()
            }
            do {
                let request = try QuoteRequest(fields: RequestFields(object: object), defaults: defaults)
                let answer = try service.encodedQuote(request)
                return answer.body.bytes(computeMicros: answer.computeMicros)
            } catch {
                return APIError(from: error, path: "/v1/quotes").envelopeJSON()
            }
        }

        func simulate(_ request: Request) async throws -> Response {
            let input = try SimulateRequest(fields: RequestFields(object: try await Self.jsonObject(request, limit: limits.maxBodyBytes)))
            let result = try service.simulate(tokenIn: input.tokenIn, pools: input.path, amount: input.amount, type: input.type)
            return try JSONResponse.make(RoutePayload(result.route, stateSequence: result.stateSequence))
        }

        func graph() throws -> Response {
            guard let graph = service.state.store.graph else { throw RoutingError.stateNotReady }
            let lastUpdate = service.state.store.updatedAtUnixSeconds.map { WallClockTime(seconds: Int64($0), nanoseconds: 0).rfc3339 }
            return try JSONResponse.make(GraphPayload(chainId: graph.chainId, pools: graph.poolCount, tokens: graph.tokenCount,
                                                      sequence: graph.sequence, lastUpdate: lastUpdate))
        }

        /// The body as a JSON object; anything else is a 400 naming the body.
        static func jsonObject(_ request: Request, limit: Int) async throws -> [String: JSONValue] {
            // BodyLimitMiddleware has already collected (and bounded) the body.
            try jsonObject(try await request.body.collect(upTo: limit))
        }

        static func jsonObject(_ buffer: ByteBuffer) throws -> [String: JSONValue] {
            let value: JSONValue
            do {
                value = try JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))
            } catch {
                throw APIError.invalidField("body", code: "INVALID_REQUEST", "body must be a JSON object")
            }
            guard case .object(let object) = value else {
                throw APIError.invalidField("body", code: "INVALID_REQUEST", "body must be a JSON object, got \(value.kind)")
            }
            return object
        }
    }
}
