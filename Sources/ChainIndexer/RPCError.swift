/// A JSON-RPC request that did not produce a result.
public enum RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The node answered with a JSON-RPC error object.
    case server(method: String, code: Int, message: String)
    /// Every attempt failed with a transient error (timeout, unreachable, 429, 5xx).
    case unavailable(method: String, attempts: Int, lastFailure: String)
    /// An HTTP status that retrying will not fix (a 4xx other than 429).
    case http(method: String, status: Int, body: String)
    /// The answer was not the JSON-RPC response the request calls for.
    case malformed(method: String, detail: String)

    public var description: String {
        switch self {
        case .server(let method, let code, let message): "\(method): node error \(code): \(message)"
        case .unavailable(let method, let attempts, let last): "\(method): no endpoint answered after \(attempts) attempts (last: \(last))"
        case .http(let method, let status, let body): "\(method): HTTP \(status): \(body)"
        case .malformed(let method, let detail): "\(method): malformed response: \(detail)"
        }
    }

    /// The provider refused an `eth_getLogs` range as too large or too rich: the range must be
    /// split. Providers word it differently (Infura -32005 "query returned more than 10000
    /// results", Alchemy "Log response size exceeded", QuickNode "limited to a 10,000 range",
    /// others "block range too large"), so it is recognised by code and by phrase.
    public var isRangeTooLarge: Bool {
        guard case .server(let method, let code, let message) = self, method == "eth_getLogs" else { return false }
        if Self.isRateLimit(code: code, message: message) { return false }
        let text = message.lowercased()
        let phrases = ["too many results", "query returned more than", "response size exceeded", "response size is larger",
                       "block range", "range too large", "range is too large", "exceeds max results", "max results",
                       "limited to a", "result window", "too many logs", "limit exceeded", "logs exceed"]
        return code == -32005 || phrases.contains { text.contains($0) }
    }

    /// A rate limit reported inside a JSON-RPC error rather than as HTTP 429.
    static func isRateLimit(code: Int, message: String) -> Bool {
        let text = message.lowercased()
        return code == 429 || text.contains("rate limit") || text.contains("too many requests") || text.contains("rate-limit")
            || text.contains("exceeded the quota") || text.contains("compute units")
    }
}
