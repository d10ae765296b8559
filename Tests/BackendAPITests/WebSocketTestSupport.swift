import BackendAPI
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOPosix
import NIOWebSocket
import ServiceKit
import ServiceLifecycle
import Synchronization

/// NIOCore has a `ChannelEvent` too.
typealias ChannelEvent = BackendAPI.ChannelEvent

/// A feed the test drives: `publish` is an applied event; initial states and valid channels
/// are set up front.
final class TestFeed: ChannelFeed {
    private struct State {
        var streams: [AsyncStream<[ChannelEvent]>.Continuation] = []
        var waiters: [CheckedContinuation<Void, Never>] = []
        var initial: [String: ChannelEvent] = [:]
    }

    static let knownPool = "pool:0x4200000000000000000000000000000000000006"
    private let state = Mutex(State())

    init(initial: [ChannelEvent] = []) {
        state.withLock { state in
            for event in initial { state.initial[event.channel] = event }
        }
    }

    func updates() -> AsyncStream<[ChannelEvent]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [ChannelEvent].self)
        let waiters = state.withLock { state in
            state.streams.append(continuation)
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
        return stream
    }

    func initialEvent(for channel: String) async -> ChannelEvent? {
        state.withLock { $0.initial[channel] }
    }

    func rejectionReason(for channel: String) -> String? {
        switch channel {
        case "swaps", "pools", "prices", "stats", Self.knownPool: nil
        default: channel.hasPrefix("pool:") ? "unknown pool" : "unknown channel"
        }
    }

    func publish(_ events: [ChannelEvent]) {
        for stream in state.withLock({ $0.streams }) { stream.yield(events) }
    }

    /// Until the server's fan-out reads `updates()`: events published before would be lost.
    func waitUntilSubscribed() async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state in
                if state.streams.isEmpty { state.waiters.append(continuation) }
                return !state.streams.isEmpty
            }
            if ready { continuation.resume() }
        }
    }
}

func swapEvent(seq: UInt64, channel: String = "swaps", padding: Int = 0) -> ChannelEvent {
    let pad = String(repeating: "x", count: padding)
    let json = #"{"pool":"0xabc","amount0":"-1000000","amount1":"5\#(seq)","sequence":\#(seq),"note":"é\"\\ \#(pad)"}"#
    return ChannelEvent(channel: channel, seq: seq, data: Array(json.utf8))
}

extension WebSocketSettings {
    static func test(_ configure: (inout WebSocketSettings) -> Void = { _ in }) -> WebSocketSettings {
        var settings = WebSocketSettings(host: "127.0.0.1", port: 0, pingInterval: .seconds(30), closeTimeout: .milliseconds(300))
        configure(&settings)
        return settings
    }
}

/// Runs a WebSocket server on a free loopback port around `body`, then shuts it down gracefully.
func withWebSocketServer(settings: WebSocketSettings = .test(), feed: TestFeed = TestFeed(), registry: MetricsRegistry? = nil,
                         _ body: (WebSocketServer, Int) async throws -> Void) async throws {
    var logger = Logger(label: "ws-test")
    logger.logLevel = .warning
    let registry = registry ?? MetricsRegistry(descriptions: WebSocketMetrics.descriptions)
    let server = WebSocketServer(settings: settings, feed: feed, metricsFactory: registry.factory, logger: logger)
    let group = ServiceGroup(services: [server], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        do {
            let port = try await server.listeningPort()
            await feed.waitUntilSubscribed()
            try await body(server, port)
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

/// A server frame, decoded for assertions; `text` keeps the exact bytes.
struct ServerFrame: Decodable {
    var type: String
    var channel: String?
    var channels: [String]?
    var seq: UInt64?
    var code: String?
    var message: String?
    var text: String = ""

    enum CodingKeys: String, CodingKey { case type, channel, channels, seq, code, message }

    init(text: String) throws {
        self = try JSONDecoder().decode(ServerFrame.self, from: Data(text.utf8))
        self.text = text
    }
}

struct UnexpectedMessage: Error, CustomStringConvertible {
    var description: String
}

/// A real WebSocket client (HummingbirdWSClient) driven step by step: send, await the next
/// message, and learn how the server closed the connection.
final class TestClient: Sendable {
    enum Command: Sendable {
        case text(String)
        case binary([UInt8])
        case close
    }

    private let received: AsyncStream<WebSocketMessage>
    private let commands: AsyncStream<Command>.Continuation
    private let task: Task<WebSocketCloseFrame?, any Error>

    /// Connected (the upgrade done) when this returns.
    static func connect(port: Int, path: String = "/ws") async throws -> TestClient {
        let client = TestClient(port: port, path: path)
        try await client.send(#"{"op":"ping"}"#)
        let pong = try await client.next()
        guard pong.type == "pong" else { throw UnexpectedMessage(description: "expected pong, got \(pong.text)") }
        return client
    }

    private init(port: Int, path: String) {
        let (received, receivedContinuation) = AsyncStream.makeStream(of: WebSocketMessage.self)
        let (commandStream, commands) = AsyncStream.makeStream(of: Command.self)
        self.received = received
        self.commands = commands
        var logger = Logger(label: "ws-test-client")
        logger.logLevel = .warning
        task = Task {
            defer { receivedContinuation.finish() }
            return try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)\(path)",
                                                     configuration: .init(maxFrameSize: 1 << 20), logger: logger) { inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await command in commandStream {
                            switch command {
                            case .text(let text): try await outbound.write(.text(text))
                            case .binary(let bytes): try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                            case .close:
                                try await outbound.close(.normalClosure, reason: nil)
                                return
                            }
                        }
                    }
                    for try await message in inbound.messages(maxSize: 1 << 22) {
                        receivedContinuation.yield(message)
                    }
                    receivedContinuation.finish()
                    group.cancelAll()
                }
            }
        }
    }

    func send(_ text: String) async throws {
        commands.yield(.text(text))
    }

    func sendBinary(_ bytes: [UInt8]) {
        commands.yield(.binary(bytes))
    }

    /// The next text message; throws if the connection ended first.
    func next() async throws -> ServerFrame {
        var iterator = received.makeAsyncIterator()
        guard let message = await iterator.next() else { throw UnexpectedMessage(description: "connection closed") }
        guard case .text(let text) = message else { throw UnexpectedMessage(description: "binary message") }
        return try ServerFrame(text: text)
    }

    /// Waits for the connection to end; the close frame the server sent, if any.
    func closed() async throws -> WebSocketCloseFrame? {
        try await task.value
    }

    /// Closes from the client side and waits for the end.
    func close() async throws {
        commands.yield(.close)
        _ = try await task.value
    }
}
