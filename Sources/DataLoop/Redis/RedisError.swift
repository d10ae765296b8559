/// A Redis failure: an error reply, or the connection's.
public struct RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// Redis answered with an error reply (`message` holds it, e.g. "WRONGTYPE …").
        case server
        /// Connecting or the handshake (AUTH, SELECT) failed.
        case connectionFailed
        /// The connection broke before the reply arrived; the command may or may not have run.
        case connectionLost
        /// Not connected and reconnecting with backoff: failing fast instead of queueing.
        case unavailable
        case closed
        case unexpectedReply
    }

    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "Redis \(kind.rawValue): \(message)" }

    static let closed = RedisError(kind: .closed, message: "the Redis client is closed")
}
