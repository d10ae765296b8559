import NIOCore
import NIOPosix
import Synchronization

/// A hand-rolled WebSocket client over NIO, for what a well-behaved client library cannot do:
/// stop reading (a slow client), never answer pings (an idle one), or look at a refused
/// upgrade's HTTP response.
final class RawWebSocketClient: Sendable {
    enum Event: Sendable, Equatable {
        /// The upgrade response was 101.
        case upgraded
        /// A non-101 response: status code and body, read until the server closed.
        case httpResponse(status: Int, body: String)
        case frame(opcode: UInt8, payload: [UInt8])
        case closed
    }

    let channel: any Channel
    let events: AsyncStream<Event>

    private init(channel: any Channel, events: AsyncStream<Event>) {
        self.channel = channel
        self.events = events
    }

    /// `receiveBufferBytes` shrinks the socket's receive buffer (set before connecting, so the
    /// advertised window is small too): a client that stops reading then fills up quickly.
    static func connect(port: Int, path: String = "/ws", origin: String? = nil, receiveBufferBytes: Int? = nil) async throws -> RawWebSocketClient {
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.autoRead, value: false)
        if let receiveBufferBytes {
            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBufferBytes))
        }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + (origin.map { "Origin: \($0)\r\n" } ?? "")
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        let channel = try await bootstrap
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(request: request, events: continuation))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawWebSocketClient(channel: channel, events: events)
    }

    /// The next event; `.closed` forever once the connection is gone.
    func next() async -> Event {
        var iterator = events.makeAsyncIterator()
        return await iterator.next() ?? .closed
    }

    /// A masked text frame, as clients must send.
    func sendText(_ text: String) async throws {
        let payload = Array(text.utf8)
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        var frame: [UInt8] = [0x81]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else {
            frame.append(0x80 | 126)
            frame.append(UInt8(payload.count >> 8))
            frame.append(UInt8(payload.count & 0xff))
        }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try await channel.writeAndFlush(ByteBuffer(bytes: frame))
    }

    /// Stops reading from the socket: what the server sends piles up in the kernel buffers.
    func stopReading() async throws {
        try await channel.eventLoop.submit { [channel] in
            try channel.pipeline.syncOperations.handler(type: Handler.self).reading = false
        }.get()
    }

    func resumeReading() async throws {
        try await channel.eventLoop.submit { [channel] in
            try channel.pipeline.syncOperations.handler(type: Handler.self).reading = true
            channel.read()
        }.get()
    }

    func close() async {
        try? await channel.close()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let request: String
        let events: AsyncStream<Event>.Continuation
        var reading = true
        var buffer = ByteBuffer()
        var headerDone = false
        var status = 0

        init(request: String, events: AsyncStream<Event>.Continuation) {
            self.request = request
            self.events = events
        }

        func channelActive(context: ChannelHandlerContext) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: request)), promise: nil)
            context.read()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            buffer.writeBuffer(&bytes)
            if !headerDone {
                let view = buffer.readableBytesView
                guard let end = view.firstRange(of: Array("\r\n\r\n".utf8)) else { return }
                let head = String(decoding: view[view.startIndex..<end.lowerBound], as: UTF8.self)
                buffer.moveReaderIndex(to: end.upperBound)
                headerDone = true
                status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
                if status == 101 { events.yield(.upgraded) }
            }
            if status == 101 { parseFrames() }
        }

        func channelReadComplete(context: ChannelHandlerContext) {
            if reading { context.read() }
        }

        func channelInactive(context: ChannelHandlerContext) {
            if headerDone, status != 101 {
                events.yield(.httpResponse(status: status, body: buffer.readString(length: buffer.readableBytes) ?? ""))
            }
            events.yield(.closed)
            events.finish()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }

        /// Server frames are unmasked: opcode, length (7, 16 or 64 bits), payload.
        private func parseFrames() {
            while buffer.readableBytes >= 2 {
                let start = buffer.readerIndex
                let first = buffer.getInteger(at: start, as: UInt8.self)!
                let second = buffer.getInteger(at: start + 1, as: UInt8.self)!
                var headerLength = 2
                var length = Int(second & 0x7f)
                if length == 126 {
                    guard let extended = buffer.getInteger(at: start + 2, as: UInt16.self) else { return }
                    length = Int(extended)
                    headerLength = 4
                } else if length == 127 {
                    guard let extended = buffer.getInteger(at: start + 2, as: UInt64.self) else { return }
                    length = Int(extended)
                    headerLength = 10
                }
                guard buffer.readableBytes >= headerLength + length else { return }
                buffer.moveReaderIndex(forwardBy: headerLength)
                let payload = buffer.readBytes(length: length)!
                events.yield(.frame(opcode: first & 0x0f, payload: payload))
            }
        }
    }
}
