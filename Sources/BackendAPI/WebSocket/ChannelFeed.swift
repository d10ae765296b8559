/// One message for a WebSocket channel: the `data` of an `{"type":"event"}` frame, encoded once
/// as JSON and shared by every client subscribed to `channel`.
public struct ChannelEvent: Sendable {
    public var channel: String
    public var seq: UInt64
    /// UTF-8 JSON of the event's `data` member.
    public var data: [UInt8]

    public init(channel: String, seq: UInt64, data: [UInt8]) {
        self.channel = channel
        self.seq = seq
        self.data = data
    }
}

/// The market as the WebSocket server sees it. The backend implements it; tests fake it.
public protocol ChannelFeed: Sendable {
    /// Every applied event's channel messages, in sequence order: one array per applied event.
    /// Each call starts a new independent stream from now on.
    func updates() -> AsyncStream<[ChannelEvent]>
    /// The message a new subscriber of `channel` gets first (a pool's current state), if any.
    func initialEvent(for channel: String) async -> ChannelEvent?
    /// Nil when `channel` can be subscribed; otherwise why not (unknown pool, bad interval…).
    func rejectionReason(for channel: String) -> String?
    /// The spelling events are published under for a channel a client named (addresses in
    /// any case); subscriptions are kept under it. Defaults to the name as given.
    func canonicalChannel(_ channel: String) -> String
}

extension ChannelFeed {
    public func canonicalChannel(_ channel: String) -> String { channel }
}
