import Foundation
import Hummingbird

extension Request {
    /// Decodes the body as JSON. Unlike Hummingbird's `decode(as:context:)`, which flattens
    /// decoding failures into a generic 400, the `DecodingError` reaches the error middleware
    /// intact, so the envelope names the offending field (`INVALID_REQUEST`, `details.field`).
    public func decodeJSON<T: Decodable>(as type: T.Type, maxBytes: Int) async throws -> T {
        let buffer = try await body.collect(upTo: maxBytes)
        return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }
}
