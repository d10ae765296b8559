#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging

/// A JSON-RPC 2.0 client over a list of endpoints (the primary `RPC_URL`, then
/// `RPC_FALLBACK_URLS`). A transient failure (timeout, unreachable, 429, 5xx, a rate-limit error
/// object) moves to the next endpoint and retries after a jittered backoff; the endpoint that
/// answers stays current. Batches are used until a provider rejects one, then requests go
/// singly for the rest of the client's life.
public actor JSONRPCClient {
    public let endpoints: [String]
    public let transport: any RPCTransport
    public let retry: RetryPolicy
    public let timeout: Duration
    public let maxBatchSize: Int
    private let logger: Logger
    private let onRetry: @Sendable () -> Void
    private var current = 0
    private var nextID = 1
    public private(set) var batchingSupported: Bool
    /// The endpoint requests go to now.
    public var currentEndpoint: String { endpoints[current] }

    public init(endpoints: [String], transport: any RPCTransport, retry: RetryPolicy = RetryPolicy(), timeout: Duration = .seconds(10),
                maxBatchSize: Int = 50, batching: Bool = true, logger: Logger = Logger(label: "chain-indexer.rpc"),
                onRetry: @escaping @Sendable () -> Void = {}) {
        precondition(!endpoints.isEmpty, "at least one RPC endpoint")
        self.endpoints = endpoints
        self.transport = transport
        self.retry = retry
        self.timeout = timeout
        self.maxBatchSize = max(1, maxBatchSize)
        self.batchingSupported = batching
        self.logger = logger
        self.onRetry = onRetry
    }

    /// One call. Returns nil when the node answers `"result": null` (e.g. a block it does not
    /// have yet).
    public func call<T: Decodable & Sendable>(_ method: String, _ params: [JSONRPCValue], as type: T.Type = T.self) async throws -> T? {
        let id = takeIDs(1)
        let body = try encode(Request(id: id, method: method, params: params))
        let answer = try await withRetries(method, body) { response throws -> Answer<T>? in
            guard response.status == 200 else {
                throw RPCError.http(method: method, status: response.status, body: Self.excerpt(response.body))
            }
            let decoded: Response<T>
            do {
                decoded = try JSONDecoder().decode(Response<T>.self, from: Data(response.body))
            } catch {
                throw RPCError.malformed(method: method, detail: Self.explain(error, body: response.body))
            }
            if let error = decoded.error {
                if RPCError.isRateLimit(code: error.code, message: error.message) { return nil }
                throw RPCError.server(method: method, code: error.code, message: error.message)
            }
            return Answer(value: decoded.result)
        }
        return answer.value
    }

    /// The same method with many parameter lists, in one or a few round trips. Each element
    /// succeeds or fails on its own (a node error for one block does not fail the others).
    public func batch<T: Decodable & Sendable>(_ method: String, _ paramsList: [[JSONRPCValue]], as type: T.Type = T.self) async throws -> [Result<T?, RPCError>] {
        var results: [Result<T?, RPCError>] = []
        results.reserveCapacity(paramsList.count)
        var start = 0
        while start < paramsList.count {
            let chunk = Array(paramsList[start..<min(start + maxBatchSize, paramsList.count)])
            start += chunk.count
            if batchingSupported && chunk.count > 1, let answered = try await sendBatch(method, chunk, as: T.self) {
                results += answered
                continue
            }
            for params in chunk {
                do { results.append(.success(try await call(method, params, as: T.self))) } catch let error as RPCError { results.append(.failure(error)) }
            }
        }
        return results
    }

    /// nil when the provider rejected the batch as such: the caller sends the requests singly.
    private func sendBatch<T: Decodable & Sendable>(_ method: String, _ chunk: [[JSONRPCValue]], as type: T.Type) async throws -> [Result<T?, RPCError>]? {
        let first = takeIDs(chunk.count)
        let requests = chunk.enumerated().map { Request(id: first + $0.offset, method: method, params: $0.element) }
        let body = try encode(requests)
        let outcome = try await withRetries(method, body) { response throws -> BatchOutcome<T>? in
            let isArray = response.body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "[")
            guard response.status == 200, isArray else {
                // A single error object may be a rate limit on the whole batch: retry that.
                if let single = try? JSONDecoder().decode(Response<String>.self, from: Data(response.body)), let error = single.error,
                   RPCError.isRateLimit(code: error.code, message: error.message) {
                    return nil
                }
                // Otherwise the provider does not batch (a 4xx or an error object instead of an array).
                return .rejected
            }
            let decoded: [Response<T>]
            do {
                decoded = try JSONDecoder().decode([Response<T>].self, from: Data(response.body))
            } catch {
                throw RPCError.malformed(method: method, detail: Self.explain(error, body: response.body))
            }
            if decoded.contains(where: { $0.error.map { RPCError.isRateLimit(code: $0.code, message: $0.message) } ?? false }) { return nil }
            var byID: [Int: Response<T>] = [:]
            for element in decoded {
                guard let id = element.id, id >= first, id < first + chunk.count, byID[id] == nil else {
                    throw RPCError.malformed(method: method, detail: "batch answer has an unexpected or repeated id \(element.id.map(String.init) ?? "null")")
                }
                byID[id] = element
            }
            guard byID.count == chunk.count else {
                throw RPCError.malformed(method: method, detail: "batch of \(chunk.count) answered \(byID.count) times")
            }
            return .answered((first..<first + chunk.count).map { id in
                let element = byID[id]!
                if let error = element.error { return .failure(.server(method: method, code: error.code, message: error.message)) }
                return .success(element.result)
            })
        }
        guard case .answered(let results) = outcome else {
            batchingSupported = false
            logger.warning("provider rejected a JSON-RPC batch; sending requests singly from now on", metadata: ["method": "\(method)"])
            return nil
        }
        return results
    }

    /// Runs `interpret` on answers until it returns a value; a nil from it (a rate-limit error
    /// object) or a transient transport failure moves to the next endpoint after a backoff.
    private func withRetries<T>(_ method: String, _ body: [UInt8], _ interpret: (RPCHTTPResponse) throws -> T?) async throws -> T {
        var lastFailure = ""
        for attempt in 1...retry.maxAttempts {
            if attempt > 1 { try await retry.sleep(retry.delay(beforeRetry: attempt - 1)) }
            let index = current
            do {
                let response = try await transport.post(body, to: endpoints[index], timeout: timeout)
                if response.status == 429 || (500...599).contains(response.status) {
                    lastFailure = "HTTP \(response.status)"
                } else if let value = try interpret(response) {
                    return value
                } else {
                    lastFailure = "rate limited (JSON-RPC error)"
                }
            } catch let error as RPCTransportError {
                // A request cut short by cancellation says nothing about the endpoint.
                try Task.checkCancellation()
                lastFailure = error.description
            }
            onRetry()
            if endpoints.count > 1 && current == index { current = (index + 1) % endpoints.count }
            logger.warning("RPC request failed, retrying", metadata: [
                "method": "\(method)", "attempt": "\(attempt)", "failure": "\(lastFailure)",
                "endpoint": "\(Self.redacted(endpoints[index]))", "next": "\(Self.redacted(endpoints[current]))",
            ])
        }
        throw RPCError.unavailable(method: method, attempts: retry.maxAttempts, lastFailure: lastFailure)
    }

    private func takeIDs(_ count: Int) -> Int {
        defer { nextID += count }
        return nextID
    }

    private func encode(_ value: some Encodable) throws -> [UInt8] {
        Array(try JSONEncoder().encode(value))
    }

    /// Provider URLs often carry an API key in the path or query: only scheme and host are logged.
    static func redacted(_ url: String) -> String {
        let parts = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].hasSuffix(":"), parts[1].isEmpty else { return "<url>" }
        let host = parts[2].prefix { $0 != "?" && $0 != "#" }.split(separator: "@").last ?? ""
        return "\(parts[0])//\(host)"
    }

    static func excerpt(_ body: [UInt8]) -> String {
        String(decoding: body.prefix(200), as: UTF8.self)
    }

    static func explain(_ error: any Error, body: [UInt8]) -> String {
        let reason: String = switch error {
        case DecodingError.dataCorrupted(let context): context.debugDescription + " at " + path(context.codingPath)
        case DecodingError.keyNotFound(let key, let context): "missing \(key.stringValue) at " + path(context.codingPath)
        case DecodingError.typeMismatch(_, let context): context.debugDescription + " at " + path(context.codingPath)
        case DecodingError.valueNotFound(_, let context): context.debugDescription + " at " + path(context.codingPath)
        default: String(describing: error)
        }
        return reason + " (body starts: \(excerpt(body).prefix(120)))"
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    struct Answer<T: Sendable>: Sendable {
        let value: T?
    }

    enum BatchOutcome<T: Sendable>: Sendable {
        case answered([Result<T?, RPCError>])
        case rejected
    }

    struct Request: Encodable {
        let jsonrpc = "2.0"
        let id: Int
        let method: String
        let params: [JSONRPCValue]
    }

    struct Response<T: Decodable>: Decodable {
        let id: Int?
        let result: T?
        let error: ErrorObject?
    }

    struct ErrorObject: Decodable {
        let code: Int
        let message: String
    }
}
