import Foundation

/// What a client may ask: `{"op":"subscribe"|"unsubscribe","channels":[…]}` or `{"op":"ping"}`.
enum ClientRequest: Equatable, Sendable {
    case subscribe([String])
    case unsubscribe([String])
    case ping

    /// Longest channel name accepted before the feed is even asked (`candles:<address>:<interval>` is ~60).
    static let maxChannelNameBytes = 256

    private struct Wire: Decodable {
        var op: String
        var channels: [String]?
    }

    static func parse(_ text: String) -> Result<ClientRequest, ClientError> {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(text.utf8))
        } catch DecodingError.keyNotFound(let key, _) where key.stringValue == "op" {
            return .failure(ClientError(code: "INVALID_REQUEST", message: #"the message has no "op""#))
        } catch DecodingError.typeMismatch(_, let context) where !context.codingPath.isEmpty {
            let field = context.codingPath.first?.stringValue ?? "message"
            return .failure(ClientError(code: "INVALID_REQUEST", message: #"wrong type for "\#(field)""#))
        } catch {
            return .failure(ClientError(code: "INVALID_JSON",
                                        message: #"expected a JSON object such as {"op":"subscribe","channels":["swaps"]}"#))
        }
        switch wire.op {
        case "ping":
            return .success(.ping)
        case "subscribe", "unsubscribe":
            guard let channels = wire.channels, !channels.isEmpty else {
                return .failure(ClientError(code: "INVALID_REQUEST", message: #""\#(wire.op)" needs a non-empty "channels" array"#))
            }
            if let tooLong = channels.first(where: { $0.utf8.count > maxChannelNameBytes }) {
                return .failure(ClientError(code: "INVALID_CHANNEL", message: "channel name longer than \(maxChannelNameBytes) bytes",
                                            channel: String(tooLong.prefix(64))))
            }
            var seen = Set<String>()
            let unique = channels.filter { seen.insert($0).inserted }
            return .success(wire.op == "subscribe" ? .subscribe(unique) : .unsubscribe(unique))
        default:
            return .failure(ClientError(code: "UNKNOWN_OP", message: #"unknown op; expected "subscribe", "unsubscribe" or "ping""#))
        }
    }
}

/// A client mistake, answered with an error frame; the connection stays open.
struct ClientError: Error, Equatable, Sendable {
    var code: String
    var message: String
    var channel: String?

    init(code: String, message: String, channel: String? = nil) {
        self.code = code
        self.message = message
        self.channel = channel
    }

    static let binaryFrame = ClientError(code: "UNSUPPORTED_FRAME", message: "only text frames carrying JSON are accepted")
}
