@testable import BackendAPI
import Foundation
import NIOWebSocket
import ServiceKit
import Testing

@Suite("WebSocket protocol", .timeLimit(.minutes(1)))
struct WebSocketProtocolTests {
    @Test func subscriberReceivesEventsOncePerSeqInOrderWithDataVerbatim() async throws {
        let feed = TestFeed()
        try await withWebSocketServer(feed: feed) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send(#"{"op":"subscribe","channels":["swaps"]}"#)
            let subscribed = try await client.next()
            #expect(subscribed.type == "subscribed")
            #expect(subscribed.channels == ["swaps"])

            // Batches mixing channels: only "swaps" reaches this client.
            for seq in UInt64(1)...40 {
                feed.publish([swapEvent(seq: seq, channel: "pools"), swapEvent(seq: seq), swapEvent(seq: seq, channel: "prices")])
            }
            for seq in UInt64(1)...40 {
                let frame = try await client.next()
                #expect(frame.type == "event")
                #expect(frame.channel == "swaps")
                #expect(frame.seq == seq)
                let expectedData = String(decoding: swapEvent(seq: seq).data, as: UTF8.self)
                #expect(frame.text == #"{"type":"event","channel":"swaps","seq":\#(seq),"data":\#(expectedData)}"#)
            }
            try await client.send(#"{"op":"ping"}"#)
            #expect(try await client.next().type == "pong")
            try await client.close()
        }
    }

    @Test func poolChannelSendsItsStateFirst() async throws {
        let state = ChannelEvent(channel: TestFeed.knownPool, seq: 7, data: Array(#"{"kind":"state","pool":{"tick":1}}"#.utf8))
        let feed = TestFeed(initial: [state])
        try await withWebSocketServer(feed: feed) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send(#"{"op":"subscribe","channels":["\#(TestFeed.knownPool)","swaps"]}"#)
            let subscribed = try await client.next()
            #expect(subscribed.channels == [TestFeed.knownPool, "swaps"])
            let initial = try await client.next()
            #expect(initial.channel == TestFeed.knownPool)
            #expect(initial.seq == 7)
            #expect(initial.text.hasSuffix(#""data":{"kind":"state","pool":{"tick":1}}}"#))

            feed.publish([swapEvent(seq: 8, channel: TestFeed.knownPool), swapEvent(seq: 8)])
            let live = try await client.next()
            #expect(live.channel == TestFeed.knownPool && live.seq == 8)
            let swap = try await client.next()
            #expect(swap.channel == "swaps" && swap.seq == 8)
            try await client.close()
        }
    }

    @Test func unsubscribeStopsDelivery() async throws {
        let feed = TestFeed()
        try await withWebSocketServer(feed: feed) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send(#"{"op":"subscribe","channels":["swaps","pools"]}"#)
            #expect(try await client.next().type == "subscribed")
            feed.publish([swapEvent(seq: 1)])
            #expect(try await client.next().seq == 1)

            try await client.send(#"{"op":"unsubscribe","channels":["swaps"]}"#)
            let unsubscribed = try await client.next()
            #expect(unsubscribed.type == "unsubscribed")
            #expect(unsubscribed.channels == ["swaps"])
            feed.publish([swapEvent(seq: 2), swapEvent(seq: 2, channel: "pools")])
            let next = try await client.next()
            #expect(next.channel == "pools" && next.seq == 2)
            try await client.close()
        }
    }

    @Test func invalidChannelIsAnErrorNamingItAndTheClientStays() async throws {
        let feed = TestFeed()
        try await withWebSocketServer(feed: feed) { server, port in
            let client = try await TestClient.connect(port: port)
            try await client.send(#"{"op":"subscribe","channels":["pool:0xdead","swaps"]}"#)
            let error = try await client.next()
            #expect(error.type == "error")
            #expect(error.code == "INVALID_CHANNEL")
            #expect(error.channel == "pool:0xdead")
            #expect(error.message?.contains("pool:0xdead") == true)
            let subscribed = try await client.next()
            #expect(subscribed.channels == ["swaps"])
            feed.publish([swapEvent(seq: 3)])
            #expect(try await client.next().seq == 3)
            #expect(server.statistics.subscriptions == 1)
            try await client.close()
        }
    }

    @Test(arguments: [
        ("{not json", "INVALID_JSON"),
        (#"["subscribe"]"#, "INVALID_JSON"),
        (#"{"op":["ping"]}"#, "INVALID_REQUEST"),
        (#"{"op":"dance"}"#, "UNKNOWN_OP"),
        (#"{"channels":["swaps"]}"#, "INVALID_REQUEST"),
        (#"{"op":"subscribe"}"#, "INVALID_REQUEST"),
        (#"{"op":"subscribe","channels":"swaps"}"#, "INVALID_REQUEST"),
        (#"{"op":"subscribe","channels":[]}"#, "INVALID_REQUEST"),
    ])
    func malformedMessageIsAnErrorAndTheClientStays(message: String, code: String) async throws {
        try await withWebSocketServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send(message)
            let error = try await client.next()
            #expect(error.type == "error")
            #expect(error.code == code)
            try await client.send(#"{"op":"ping"}"#)
            #expect(try await client.next().type == "pong")
            try await client.close()
        }
    }

    @Test func binaryFrameIsAnErrorAndTheClientStays() async throws {
        try await withWebSocketServer { _, port in
            let client = try await TestClient.connect(port: port)
            client.sendBinary([1, 2, 3])
            #expect(try await client.next().code == "UNSUPPORTED_FRAME")
            try await client.send(#"{"op":"ping"}"#)
            #expect(try await client.next().type == "pong")
            try await client.close()
        }
    }

    @Test func repeatedInvalidMessagesCloseWithPolicyViolation() async throws {
        try await withWebSocketServer(settings: .test { $0.maxConsecutiveErrors = 3 }) { _, port in
            let client = try await TestClient.connect(port: port)
            for _ in 0..<3 { try await client.send("nope") }
            for _ in 0..<3 { #expect(try await client.next().code == "INVALID_JSON") }
            let close = try await client.closed()
            #expect(close?.closeCode == .policyViolation)
        }
    }

    @Test func subscriptionLimitRefusesTheExcess() async throws {
        try await withWebSocketServer(settings: .test { $0.maxSubscriptionsPerClient = 2 }) { server, port in
            let client = try await TestClient.connect(port: port)
            try await client.send(#"{"op":"subscribe","channels":["swaps","pools","prices"]}"#)
            #expect(try await client.next().code == "SUBSCRIPTION_LIMIT")

            try await client.send(#"{"op":"subscribe","channels":["swaps","pools"]}"#)
            #expect(try await client.next().channels == ["swaps", "pools"])
            try await client.send(#"{"op":"subscribe","channels":["prices","swaps"]}"#)
            #expect(try await client.next().channels == ["swaps"])  // already held: acknowledged again
            let refused = try await client.next()
            #expect(refused.code == "SUBSCRIPTION_LIMIT")
            #expect(refused.channel == "prices")
            #expect(server.statistics.subscriptions == 2)
            try await client.close()
        }
    }

    @Test func messageLargerThanTheLimitClosesWith1009() async throws {
        try await withWebSocketServer(settings: .test { $0.maxFrameBytes = 1024 }) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send(#"{"op":"ping","pad":""# + String(repeating: "a", count: 2000) + #""}"#)
            let close = try await client.closed()
            #expect(close?.closeCode == .messageTooLarge)
        }
    }
}
