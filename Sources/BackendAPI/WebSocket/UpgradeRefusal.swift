import Hummingbird
import NIOCore
import ServiceKit

/// An HTTP error answer to a WebSocket upgrade request. HummingbirdWebSocket answers every
/// refused upgrade with an empty 400; clients and operators deserve the real status and the
/// usual JSON envelope, so the response is written as raw bytes from the front of the
/// pipeline (below the HTTP codec). Hummingbird's own 400 that follows is dropped there, and
/// Hummingbird closes the connection as usual (closing it here, mid-upgrade, makes it log an
/// error for every refusal).
enum UpgradeRefusal {
    static func send(_ error: APIError, on channel: any Channel, retryAfterSeconds: Int? = nil) async throws {
        let bytes = response(error, retryAfterSeconds: retryAfterSeconds)
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(Writer(bytes: bytes), position: .first)
        }.get()
    }

    static func response(_ error: APIError, retryAfterSeconds: Int?) -> ByteBuffer {
        let body = error.envelopeJSON()
        var head = "HTTP/1.1 \(error.status.code) \(error.status.reasonPhrase)\r\n"
        head += "Content-Type: application/json; charset=utf-8\r\n"
        head += "Content-Length: \(body.count)\r\n"
        if let retryAfterSeconds { head += "Retry-After: \(retryAfterSeconds)\r\n" }
        head += "Connection: close\r\n\r\n"
        var buffer = ByteBuffer(string: head)
        buffer.writeBytes(body)
        return buffer
    }

    private final class Writer: ChannelDuplexHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let bytes: ByteBuffer

        init(bytes: ByteBuffer) {
            self.bytes = bytes
        }

        func handlerAdded(context: ChannelHandlerContext) {
            context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
        }

        /// Nothing the client sends now matters.
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

        /// Hummingbird's empty 400: the client has its answer already.
        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            promise?.succeed(())
        }
    }
}
