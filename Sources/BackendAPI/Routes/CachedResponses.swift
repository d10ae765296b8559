import Foundation
import Hummingbird
import Metrics
import ServiceKit

/// Encodes GET answers once per market sequence: the key holds the request URI and the
/// sequence, so an applied event makes every cached answer unreachable at once.
struct CachedResponses: Sendable {
    let cache: any ResponseCache
    let ttl: Duration
    private let hits = Counter(label: BackendMetrics.responseCacheHits)
    private let misses = Counter(label: BackendMetrics.responseCacheMisses)

    init(cache: any ResponseCache, ttl: Duration) {
        self.cache = cache
        self.ttl = ttl
    }

    func json(for request: Request, sequence: UInt64, _ build: () throws -> some Encodable) async throws -> Response {
        let key = "get:\(sequence):\(request.uri.description)"
        if let bytes = await cache.get(key) {
            hits.increment()
            return Self.response(bytes)
        }
        misses.increment()
        let bytes = try Self.encode(try build())
        await cache.set(key, bytes, ttl: ttl)
        return Self.response(bytes)
    }

    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(value))
    }

    static func response(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
