import NIOCore

/// The server's text messages, written as bytes: an event's `data` is already JSON, encoded
/// once by the backend for every subscriber, and is copied in verbatim, never re-encoded.
enum ServerMessage {
    static func event(_ event: ChannelEvent) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(event.data.count + event.channel.utf8.count + 48)
        buffer.writeStaticString(#"{"type":"event","channel":"#)
        JSONQuoting.write(event.channel, to: &buffer)
        buffer.writeStaticString(#","seq":"#)
        buffer.writeString(String(event.seq))
        buffer.writeStaticString(#","data":"#)
        buffer.writeBytes(event.data)
        buffer.writeStaticString("}")
        return buffer
    }

    static func subscribed(_ channels: [String]) -> ByteBuffer {
        channelList(type: "subscribed", channels)
    }

    static func unsubscribed(_ channels: [String]) -> ByteBuffer {
        channelList(type: "unsubscribed", channels)
    }

    static let pong = ByteBuffer(string: #"{"type":"pong"}"#)

    /// `{"type":"error","code":…,"message":…}`, plus `"channel"` when one channel was refused.
    static func error(_ error: ClientError) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeStaticString(#"{"type":"error","code":"#)
        JSONQuoting.write(error.code, to: &buffer)
        buffer.writeStaticString(#","message":"#)
        JSONQuoting.write(error.message, to: &buffer)
        if let channel = error.channel {
            buffer.writeStaticString(#","channel":"#)
            JSONQuoting.write(channel, to: &buffer)
        }
        buffer.writeStaticString("}")
        return buffer
    }

    private static func channelList(type: String, _ channels: [String]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeStaticString(#"{"type":"#)
        JSONQuoting.write(type, to: &buffer)
        buffer.writeStaticString(#","channels":["#)
        for (index, channel) in channels.enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            JSONQuoting.write(channel, to: &buffer)
        }
        buffer.writeStaticString("]}")
        return buffer
    }
}
