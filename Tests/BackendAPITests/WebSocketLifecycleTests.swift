@testable import BackendAPI
import Foundation
import NIOWebSocket
import ServiceKit
import ServiceLifecycle
import Logging
import Testing

@Suite("WebSocket connections", .timeLimit(.minutes(2)))
struct WebSocketLifecycleTests {
    /// A client that stops reading fills its queue and is dropped; the other one, on the same
    /// channel, gets every event in order, before and after.
    @Test func slowClientIsDisconnectedWhileAFastOneKeepsReceiving() async throws {
        let feed = TestFeed()
        let registry = MetricsRegistry(descriptions: WebSocketMetrics.descriptions)
        try await withWebSocketServer(settings: .test { $0.sendQueueCapacity = 8 }, feed: feed, registry: registry) { server, port in
            let fast = try await TestClient.connect(port: port)
            try await fast.send(#"{"op":"subscribe","channels":["swaps"]}"#)
            #expect(try await fast.next().type == "subscribed")

            let slow = try await RawWebSocketClient.connect(port: port, receiveBufferBytes: 4096)
            #expect(await slow.next() == .upgraded)
            try await slow.sendText(#"{"op":"subscribe","channels":["swaps"]}"#)
            guard case .frame(_, let reply) = await slow.next() else { Issue.record("no reply"); return }
            #expect(String(decoding: reply, as: UTF8.self) == #"{"type":"subscribed","channels":["swaps"]}"#)
            try await slow.stopReading()

            // 16 KiB events until the slow client's socket, NIO's buffer and its queue are full.
            var seq: UInt64 = 0
            while server.statistics.slowClientDisconnects == 0 {
                seq += 1
                try #require(seq < 20_000, "the slow client was never disconnected")
                feed.publish([swapEvent(seq: seq, padding: 16 * 1024)])
                let frame = try await fast.next()
                try #require(frame.seq == seq)
            }
            for _ in 0..<50 {
                seq += 1
                feed.publish([swapEvent(seq: seq)])
                let frame = try await fast.next()
                try #require(frame.seq == seq)
            }
            #expect(server.statistics.slowClientDisconnects == 1)
            #expect(registry.exposition().contains("websocket_slow_client_disconnects_total 1"))

            // The slow client, reading again, finds its connection ended.
            try await slow.resumeReading()
            while await slow.next() != .closed {}
            try await fast.close()
        }
    }

    @Test func idleClientIsClosedWhileOneAnsweringPingsStays() async throws {
        let settings = WebSocketSettings.test {
            $0.pingInterval = .milliseconds(50)
            $0.idleTimeout = .seconds(1)
        }
        try await withWebSocketServer(settings: settings) { _, port in
            let healthy = try await TestClient.connect(port: port)
            let idle = try await RawWebSocketClient.connect(port: port)
            #expect(await idle.next() == .upgraded)
            var pings = 0
            var closeCode: UInt16?
            loop: while true {
                switch await idle.next() {
                case .frame(opcode: 0x9, _): pings += 1
                case .frame(opcode: 0x8, let payload):
                    closeCode = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : nil
                case .closed: break loop
                default: continue
                }
            }
            #expect(pings > 0)
            #expect(closeCode == 1001)
            // The client answering pings outlived the idle one, which connected after it.
            try await healthy.send(#"{"op":"ping"}"#)
            #expect(try await healthy.next().type == "pong")
            try await healthy.close()
        }
    }

    @Test func gracefulShutdownClosesClientsWith1001() async throws {
        let feed = TestFeed()
        var logger = Logger(label: "ws-test")
        logger.logLevel = .warning
        let server = WebSocketServer(settings: .test(), feed: feed, metricsFactory: MetricsRegistry().factory, logger: logger)
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await server.listeningPort()
            let first = try await TestClient.connect(port: port)
            let second = try await TestClient.connect(port: port)
            try await second.send(#"{"op":"subscribe","channels":["swaps"]}"#)
            #expect(try await second.next().type == "subscribed")

            await group.triggerGracefulShutdown()
            #expect(try await first.closed()?.closeCode == .goingAway)
            #expect(try await second.closed()?.closeCode == .goingAway)
            try await tasks.waitForAll()  // and the server stopped
        }
        #expect(server.statistics.connections == 0)
    }

    @Test func connectionsBeyondTheLimitAreRefusedWith503() async throws {
        try await withWebSocketServer(settings: .test { $0.maxConnections = 2 }) { server, port in
            let first = try await TestClient.connect(port: port)
            let second = try await TestClient.connect(port: port)
            let third = try await RawWebSocketClient.connect(port: port)
            let refused = try await refusal(of: third)
            #expect(refused?.status == 503)
            #expect(refused?.error.code == "TOO_MANY_CONNECTIONS")
            #expect(server.statistics.connections == 2)
            try await first.close()
            try await second.close()
        }
    }

    /// Browsers send their page's origin with the upgrade; only listed pages get a connection,
    /// and clients that are not pages (no Origin) are not limited by it.
    @Test func upgradesFromUnlistedOriginsAreRefusedWith403() async throws {
        try await withWebSocketServer(settings: .test { $0.allowedOrigins = AllowedOrigins(["https://app.example"]) }) { server, port in
            let foreign = try await RawWebSocketClient.connect(port: port, origin: "https://evil.example")
            let refused = try await refusal(of: foreign)
            #expect(refused?.status == 403)
            #expect(refused?.error.code == "ORIGIN_NOT_ALLOWED")
            #expect(refused?.error.details["origin"] == "https://evil.example")

            let listed = try await RawWebSocketClient.connect(port: port, origin: "https://app.example")
            #expect(await listed.next() == .upgraded)
            let script = try await RawWebSocketClient.connect(port: port)
            #expect(await script.next() == .upgraded)
            #expect(server.statistics.connections == 2)
            await listed.close()
            await script.close()
        }
    }

    @Test func anyOriginIsAcceptedWhenTheListHasAStar() async throws {
        try await withWebSocketServer(settings: .test { $0.allowedOrigins = AllowedOrigins(["*"]) }) { _, port in
            let page = try await RawWebSocketClient.connect(port: port, origin: "https://anywhere.example")
            #expect(await page.next() == .upgraded)
            await page.close()
        }
    }

    @Test func otherPathsAndPlainHTTPAreAnsweredWithEnvelopes() async throws {
        try await withWebSocketServer { _, port in
            let wrongPath = try await RawWebSocketClient.connect(port: port, path: "/socket")
            let refused = try await refusal(of: wrongPath)
            #expect(refused?.status == 404)
            #expect(refused?.error.code == "NOT_FOUND")
        }
    }

    @Test func metricsHaveHelpText() async throws {
        let registry = MetricsRegistry(descriptions: WebSocketMetrics.descriptions)
        try await withWebSocketServer(registry: registry) { _, port in
            let client = try await TestClient.connect(port: port)
            let exposition = registry.exposition()
            #expect(exposition.contains("# HELP websocket_connections Open WebSocket connections"))
            #expect(exposition.contains("websocket_connections 1"))
            #expect(exposition.contains("# HELP websocket_messages_sent_total"))
            #expect(exposition.contains("# HELP websocket_subscriptions"))
            try await client.close()
        }
    }

    /// The status and error of an upgrade answered with HTTP instead of 101; nil, with an
    /// issue recorded, when it was not.
    private func refusal(of client: RawWebSocketClient) async throws -> (status: Int, error: APIError.Envelope.Body)? {
        guard case .httpResponse(let status, let body) = await client.next() else {
            Issue.record("expected an HTTP response")
            return nil
        }
        return (status, try JSONDecoder().decode(APIError.Envelope.self, from: Data(body.utf8)).error)
    }
}
