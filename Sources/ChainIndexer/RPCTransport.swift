/// The seam between the JSON-RPC client and the network: one HTTP POST of a JSON body. The
/// production transport is `HTTPClientTransport`; tests inject faults (timeouts, 429, 5xx,
/// garbage) behind this protocol without a socket.
public protocol RPCTransport: Sendable {
    func post(_ body: [UInt8], to url: String, timeout: Duration) async throws(RPCTransportError) -> RPCHTTPResponse
}

public struct RPCHTTPResponse: Sendable, Hashable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// A request that got no HTTP answer. Both cases are worth retrying, on another endpoint.
public enum RPCTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    case timeout
    case unreachable(String)

    public var description: String {
        switch self {
        case .timeout: "timed out"
        case .unreachable(let reason): "unreachable: \(reason)"
        }
    }
}
