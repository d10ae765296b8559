import CHiredis

/// A Redis reply, copied out of hiredis' memory.
public enum RedisReply: Sendable, Hashable {
    /// A bulk string: arbitrary bytes.
    case bulk([UInt8])
    /// A simple status such as "OK" or "PONG".
    case status(String)
    case integer(Int64)
    case array([RedisReply])
    /// A nil bulk or nil array (e.g. GET of a missing key).
    case null
    /// An error reply such as "ERR unknown command" or "WRONGTYPE …".
    case error(String)

    /// Bulk bytes, or a status' text, as UTF-8.
    public var string: String? {
        switch self {
        case .bulk(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .status(let text): return text
        default: return nil
        }
    }

    public var bytes: [UInt8]? {
        switch self {
        case .bulk(let bytes): return bytes
        case .status(let text): return Array(text.utf8)
        default: return nil
        }
    }

    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        if case .bulk(let bytes) = self { return Int64(String(decoding: bytes, as: UTF8.self)) }
        return nil
    }

    public var array: [RedisReply]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    public var isNull: Bool { self == .null }

    init(copying reply: UnsafeMutablePointer<redisReply>) {
        let value = reply.pointee
        switch value.type {
        case REDIS_REPLY_STRING:
            self = .bulk(Self.bytes(value.str, value.len))
        case REDIS_REPLY_STATUS:
            self = .status(String(decoding: Self.bytes(value.str, value.len), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            self = .error(String(decoding: Self.bytes(value.str, value.len), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int64(value.integer))
        case REDIS_REPLY_ARRAY:
            var elements: [RedisReply] = []
            elements.reserveCapacity(Int(value.elements))
            for index in 0..<Int(value.elements) {
                if let element = value.element[index] { elements.append(RedisReply(copying: element)) }
            }
            self = .array(elements)
        default:
            self = .null
        }
    }

    private static func bytes(_ pointer: UnsafeMutablePointer<CChar>?, _ length: Int) -> [UInt8] {
        guard let pointer, length > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: length))
    }
}
