/// Why a log or call result could not be decoded. The event is rejected whole: nothing of a
/// range that holds one reaches the sink.
public enum ABIDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    case badHex(field: String)
    case topicCount(event: String, expected: Int, got: Int)
    case dataLength(event: String, expected: Int, got: Int)
    case outOfRange(event: String, field: String, type: String)
    case unknownTopic(String)

    public var description: String {
        switch self {
        case .badHex(let field): "\(field) is not 0x-prefixed hex with whole bytes"
        case .topicCount(let event, let expected, let got): "\(event) log has \(got) topics, expected \(expected)"
        case .dataLength(let event, let expected, let got): "\(event) log data is \(got) bytes, expected \(expected)"
        case .outOfRange(let event, let field, let type): "\(event).\(field) does not fit \(type) (high bits not a valid extension)"
        case .unknownTopic(let topic): "unknown event topic \(topic)"
        }
    }
}
