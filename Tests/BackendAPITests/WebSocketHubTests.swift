@testable import BackendAPI
import CoreMetrics
import NIOCore
import NIOWebSocket
import ServiceKit
import Testing

/// The fan-out's ordering rules, without sockets: what lands in a client's queue.
@Suite("WebSocket subscription hub")
struct WebSocketHubTests {
    let hub = SubscriptionHub(queueCapacity: 4, metrics: WebSocketMetrics(factory: MetricsRegistry().factory))

    func admit() throws -> ClientConnection {
        guard case .admitted(let connection) = hub.admit(maxConnections: 10) else { throw UnexpectedMessage(description: "not admitted") }
        return connection
    }

    func drain(_ connection: ClientConnection, count: Int) async -> [String] {
        var texts: [String] = []
        var iterator = connection.outbox.makeAsyncIterator()
        while texts.count < count, let message = await iterator.next() {
            if case .text(let buffer) = message { texts.append(String(buffer: buffer)) }
        }
        return texts
    }

    @Test func eventsDuringTheInitialStateFetchAreHeldBackAndThoseItContainsDropped() async throws {
        let client = try admit()
        let channel = TestFeed.knownPool
        let outcome = hub.beginSubscribe(client, channels: [channel], limit: 10)
        #expect(outcome.pending == [channel])
        hub.dispatch([swapEvent(seq: 9, channel: channel)])   // already in the state below
        hub.dispatch([swapEvent(seq: 11, channel: channel)])
        hub.completeSubscribe(client, channel: channel, initial: ChannelEvent(channel: channel, seq: 10, data: Array("{}".utf8)))
        hub.dispatch([swapEvent(seq: 12, channel: channel)])

        let texts = await drain(client, count: 4)
        #expect(texts[0] == #"{"type":"subscribed","channels":["\#(channel)"]}"#)
        #expect(texts[1] == #"{"type":"event","channel":"\#(channel)","seq":10,"data":{}}"#)
        #expect(texts[2].contains(#""seq":11,"#))
        #expect(texts[3].contains(#""seq":12,"#))
    }

    @Test func aFullQueueDisconnectsOnlyThatClientWith1013() async throws {
        let slow = try admit()
        let fast = try admit()
        _ = hub.beginSubscribe(slow, channels: ["swaps"], limit: 10)
        _ = hub.beginSubscribe(fast, channels: ["swaps"], limit: 10)
        hub.completeSubscribe(slow, channel: "swaps", initial: nil)
        hub.completeSubscribe(fast, channel: "swaps", initial: nil)
        _ = await drain(fast, count: 1)

        var fastIterator = fast.outbox.makeAsyncIterator()
        for seq in UInt64(1)...6 {
            hub.dispatch([swapEvent(seq: seq)])
            guard case .text(let buffer) = await fastIterator.next() else { Issue.record("fast client starved"); return }
            #expect(String(buffer: buffer).contains(#""seq":\#(seq),"#))
        }
        var closeRequests = slow.closeRequests.makeAsyncIterator()
        let request = await closeRequests.next()
        #expect(request?.code == WebSocketErrorCode(codeNumber: 1013))
        #expect(hub.statistics == .init(connections: 2, subscriptions: 1, slowClientDisconnects: 1))
    }

    @Test func removingAClientDropsItsSubscriptions() throws {
        let client = try admit()
        _ = hub.beginSubscribe(client, channels: ["swaps", "pools"], limit: 10)
        #expect(hub.statistics.subscriptions == 2)
        hub.remove(client)
        #expect(hub.statistics == .init(connections: 0, subscriptions: 0, slowClientDisconnects: 0))
    }

    @Test func shutdownRefusesNewClientsAndAsksEveryoneToGoAway() async throws {
        let client = try admit()
        let drained = hub.beginShutdown()
        guard case .shuttingDown = hub.admit(maxConnections: 10) else { Issue.record("admitted during shutdown"); return }
        var closeRequests = client.closeRequests.makeAsyncIterator()
        #expect(await closeRequests.next()?.code == .goingAway)
        hub.remove(client)
        for await _ in drained {}
    }
}

@Suite("WebSocket messages and settings")
struct WebSocketMessageTests {
    @Test func eventFrameEmbedsDataBytesVerbatimAndEscapesTheChannel() {
        let data = Array(#"{"a":"\u00e9\n","b":[1,2]}"#.utf8)
        let frame = ServerMessage.event(ChannelEvent(channel: "we\"ird\n", seq: 42, data: data))
        #expect(String(buffer: frame) == #"{"type":"event","channel":"we\"ird\n","seq":42,"data":{"a":"\u00e9\n","b":[1,2]}}"#)
    }

    @Test func errorFrameNamesTheChannel() {
        let frame = ServerMessage.error(ClientError(code: "INVALID_CHANNEL", message: "no", channel: "pool:0x1"))
        #expect(String(buffer: frame) == #"{"type":"error","code":"INVALID_CHANNEL","message":"no","channel":"pool:0x1"}"#)
    }

    @Test func parsesRequests() {
        #expect(ClientRequest.parse(#"{"op":"subscribe","channels":["swaps","swaps","pools"]}"#) == .success(.subscribe(["swaps", "pools"])))
        #expect(ClientRequest.parse(#"{"op":"unsubscribe","channels":["swaps"]}"#) == .success(.unsubscribe(["swaps"])))
        #expect(ClientRequest.parse(#"{"op":"ping"}"#) == .success(.ping))
    }

    @Test func settingsFromEnvironment() throws {
        let settings = try WebSocketSettings.load(from: EnvironmentVariables([
            "HOST": "127.0.0.1", "WS_PORT": "4101", "WS_MAX_CONNECTIONS": "100", "WS_MAX_SUBSCRIPTIONS": "5", "WS_SEND_QUEUE": "32",
            "WS_IDLE_TIMEOUT_SECONDS": "30", "WS_PING_INTERVAL_SECONDS": "10", "WS_MAX_FRAME_BYTES": "4096",
            "CORS_ORIGINS": "https://app.example, https://staging.example",
        ]))
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 4101)
        #expect(settings.maxConnections == 100)
        #expect(settings.maxSubscriptionsPerClient == 5)
        #expect(settings.sendQueueCapacity == 32)
        #expect(settings.idleTimeout == .seconds(30))
        #expect(settings.pingInterval == .seconds(10))
        #expect(settings.maxFrameBytes == 4096)
        #expect(settings.allowedOrigins == AllowedOrigins(["https://app.example", "https://staging.example"]))
        #expect(settings.allowedOrigins.allows("https://staging.example"))
        #expect(!settings.allowedOrigins.allows("http://app.example"))
        // Pages are held to the list; clients that are not pages are not.
        #expect(!settings.allowedOrigins.admitsUpgrade(from: "http://app.example"))
        #expect(!settings.allowedOrigins.admitsUpgrade(from: "null"))
        #expect(settings.allowedOrigins.admitsUpgrade(from: "https://app.example"))
        #expect(settings.allowedOrigins.admitsUpgrade(from: "ws://127.0.0.1"))
        #expect(settings.allowedOrigins.admitsUpgrade(from: nil))

        let defaults = try WebSocketSettings.load(from: EnvironmentVariables())
        #expect(defaults == WebSocketSettings())
        #expect(defaults.allowedOrigins == .localFrontend)
    }

    @Test func pingIntervalMustBeShorterThanIdleTimeout() {
        #expect(throws: ConfigurationError.self) {
            try WebSocketSettings.load(from: EnvironmentVariables(["WS_IDLE_TIMEOUT_SECONDS": "10", "WS_PING_INTERVAL_SECONDS": "10"]))
        }
        #expect(throws: ConfigurationError.self) {
            try WebSocketSettings.load(from: EnvironmentVariables(["WS_SEND_QUEUE": "0"]))
        }
    }
}
