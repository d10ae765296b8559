import AsyncHTTPClient
import NIOCore

/// JSON-RPC over AsyncHTTPClient: one shared client, so connections to the provider are kept
/// alive and pooled across requests.
public struct HTTPClientTransport: RPCTransport {
    public let client: HTTPClient
    /// Largest response accepted; an `eth_getLogs` answer beyond it is a provider misbehaving.
    public let maxResponseBytes: Int

    public init(client: HTTPClient, maxResponseBytes: Int = 64 << 20) {
        self.client = client
        self.maxResponseBytes = maxResponseBytes
    }

    public func post(_ body: [UInt8], to url: String, timeout: Duration) async throws(RPCTransportError) -> RPCHTTPResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(nanoseconds))
            let buffer = try await response.body.collect(upTo: maxResponseBytes)
            return RPCHTTPResponse(status: Int(response.status.code), body: Array(buffer.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw .timeout
        } catch {
            throw .unreachable(String(describing: error))
        }
    }
}
