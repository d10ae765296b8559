import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Market
import Metrics
import NIOCore
import ServiceKit

/// `GET|POST /v1/quote`: checks the request against the market, asks the router over a
/// keep-alive client with a timeout, and adds token metadata and USD values to its answer.
/// Answers are cached briefly under the market sequence, so a pool change is never hidden.
struct QuoteProxy: Sendable {
    let client: HTTPClient
    let routerURL: String
    let timeout: Duration
    let hub: MarketHub
    let cache: any ResponseCache
    let ttl: Duration
    let maxBodyBytes: Int
    let logger: Logger
    private let duration = Timer(label: BackendMetrics.quoteProxyDuration)
    private let hits = Counter(label: BackendMetrics.responseCacheHits)
    private let misses = Counter(label: BackendMetrics.responseCacheMisses)

    init(client: HTTPClient, routerURL: String, timeout: Duration, hub: MarketHub, cache: any ResponseCache, ttl: Duration, maxBodyBytes: Int, logger: Logger) {
        self.client = client
        self.routerURL = routerURL
        self.timeout = timeout
        self.hub = hub
        self.cache = cache
        self.ttl = ttl
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
    }

    func add(to router: EndpointTable) {
        router.get("/v1/quote") { request, _ in
            let fields = Dictionary(request.uri.queryParameters.map { (String($0.key), JSONValue.string(String($0.value))) }, uniquingKeysWith: { first, _ in first })
            return try await self.quote(fields)
        }
        router.post("/v1/quote") { request, _ in
            let buffer = try await request.body.collect(upTo: maxBodyBytes)
            let body: JSONValue
            do {
                body = try JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))
            } catch {
                throw APIError(status: .badRequest, code: "INVALID_REQUEST", message: "the body must be a JSON object: \((error as? DecodingError).map { DecodingErrorDescription.message($0) } ?? "not valid JSON")")
            }
            guard case .object(let fields) = body else {
                throw APIError(status: .badRequest, code: "INVALID_REQUEST", message: "the body must be a JSON object, got \(body.kind)")
            }
            return try await self.quote(fields)
        }
    }

    func quote(_ fields: [String: JSONValue]) async throws -> Response {
        let view = hub.view
        let tokenIn = try Self.token(fields, "tokenIn", in: view)
        let tokenOut = try Self.token(fields, "tokenOut", in: view)
        try Self.checkAmount(fields["amount"])
        let forwarded = JSONValue.object(fields)
        let body = try CachedResponses.encode(forwarded)
        let key = "quote:\(view.sequence):" + String(decoding: body, as: UTF8.self)
        if let cached = await cache.get(key) {
            hits.increment()
            return CachedResponses.response(cached)
        }
        misses.increment()
        let started = ContinuousClock.now
        let (status, answer) = try await ask(body)
        duration.recordNanoseconds(Int64((ContinuousClock.now - started).components.attoseconds / 1_000_000_000 + (ContinuousClock.now - started).components.seconds * 1_000_000_000))
        guard status == .ok, case .object(var object) = answer else {
            // The router's own 4xx envelope names the problem; pass it through.
            return CachedResponses.response(try CachedResponses.encode(answer), status: status)
        }
        QuoteEnrichment.add(to: &object, tokenIn: tokenIn, tokenOut: tokenOut, view: view)
        let bytes = try CachedResponses.encode(JSONValue.object(object))
        await cache.set(key, bytes, ttl: ttl)
        return CachedResponses.response(bytes)
    }

    private func ask(_ body: [UInt8]) async throws -> (HTTPResponse.Status, JSONValue) {
        var request = HTTPClientRequest(url: routerURL + "/v1/quote")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
            let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
            let status = HTTPResponse.Status(code: Int(response.status.code))
            if status.code >= 500 { throw RouterUnavailable(reason: "the router answered \(status.code)") }
            return (status, try JSONDecoder().decode(JSONValue.self, from: Data(bytes.readableBytesView)))
        } catch let error as RouterUnavailable {
            throw error.apiError
        } catch {
            logger.warning("quote proxy: router unavailable", metadata: ["error": "\(error)", "router": "\(routerURL)"])
            throw RouterUnavailable(reason: "the router at \(routerURL) did not answer (\(type(of: error)))").apiError
        }
    }

    struct RouterUnavailable: Error {
        var reason: String
        var apiError: APIError {
            APIError(status: .serviceUnavailable, code: "ROUTER_UNAVAILABLE", message: "quotes are unavailable: \(reason); retry shortly")
        }
    }

    static func token(_ fields: [String: JSONValue], _ name: String, in view: MarketView) throws -> Token {
        guard let text = fields[name]?.stringValue else {
            throw APIError.invalidField(name, code: "INVALID_TOKEN", "\(name) is required: a 0x-prefixed 20-byte hex address")
        }
        guard let address = Address(text) else {
            throw APIError.invalidField(name, code: "INVALID_TOKEN", "\(name) must be a 0x-prefixed 20-byte hex address, got \"\(text.prefix(60))\"")
        }
        guard let token = view.token(address) else {
            throw APIError(status: .badRequest, code: "INVALID_TOKEN", message: "\(name) \(address.checksummed) is not a token of this market",
                           details: ["field": name])
        }
        return token
    }

    static func checkAmount(_ value: JSONValue?) throws {
        guard let value, value != .null else { throw APIError.invalidField("amount", code: "INVALID_AMOUNT", "amount is required: a decimal string greater than 0") }
        switch value {
        case .string(let text) where !text.isEmpty && text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) && text.contains(where: { $0 != "0" }): return
        case .integer(let number) where number > 0: return
        default: throw APIError.invalidField("amount", code: "INVALID_AMOUNT", "amount must be a decimal string of the token's smallest unit, greater than 0")
        }
    }
}
