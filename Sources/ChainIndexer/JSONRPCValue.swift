/// A JSON value for JSON-RPC request parameters: JSON-RPC params mix strings, booleans, arrays and
/// objects (a log filter), which a fixed Encodable type cannot express.
public indirect enum JSONRPCValue: Sendable, Hashable, Encodable {
    case string(String)
    case bool(Bool)
    case array([JSONRPCValue])
    case object([String: JSONRPCValue])
    case null

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let s): try container.encode(s)
        case .bool(let b): try container.encode(b)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        case .null: try container.encodeNil()
        }
    }
}
