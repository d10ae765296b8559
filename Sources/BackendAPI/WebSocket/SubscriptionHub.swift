import NIOCore
import NIOWebSocket
import Synchronization

/// Who is subscribed to what, indexed by channel so an event costs O(subscribers of its
/// channel). Every enqueue happens under the hub's lock, in the order the feed produced the
/// events, so each client sees a channel's events once and in sequence order, and never after
/// it was told "unsubscribed".
///
/// A new subscription starts "pending": events for it are held back until the channel's
/// initial state has been queued, and those already contained in that state (seq ≤ the
/// state's seq) are dropped.
final class SubscriptionHub: Sendable {
    enum Admission {
        case admitted(ClientConnection)
        case full
        case shuttingDown
    }

    struct SubscribeOutcome: Equatable {
        /// Told "subscribed": the new ones and those the client already had.
        var acknowledged: [String] = []
        /// Waiting for their initial state: pass each to `completeSubscribe`.
        var pending: [String] = []
        /// Refused because the client would exceed its subscription limit.
        var overLimit: [String] = []
    }

    struct Statistics: Sendable, Equatable {
        var connections: Int
        var subscriptions: Int
        var slowClientDisconnects: Int
    }

    private struct Subscription {
        let connection: ClientConnection
        /// Non-nil while the initial state is being fetched: the events held back meanwhile.
        var heldBack: [(seq: UInt64, frame: ByteBuffer)]?
    }

    private struct Client {
        let connection: ClientConnection
        var channels: Set<String> = []
    }

    private struct State {
        var clients: [UInt64: Client] = [:]
        var channels: [String: [UInt64: Subscription]] = [:]
        var nextID: UInt64 = 1
        var subscriptionCount = 0
        var slowClientDisconnects = 0
        var shuttingDown = false
        var drained: AsyncStream<Void>.Continuation?
    }

    private let state = Mutex(State())
    private let queueCapacity: Int
    private let metrics: WebSocketMetrics

    init(queueCapacity: Int, metrics: WebSocketMetrics) {
        self.queueCapacity = queueCapacity
        self.metrics = metrics
    }

    var statistics: Statistics {
        state.withLock { Statistics(connections: $0.clients.count, subscriptions: $0.subscriptionCount,
                                    slowClientDisconnects: $0.slowClientDisconnects) }
    }

    // MARK: Connections

    func admit(maxConnections: Int) -> Admission {
        state.withLock { state in
            guard !state.shuttingDown else { return .shuttingDown }
            guard state.clients.count < maxConnections else { return .full }
            let connection = ClientConnection(id: state.nextID, queueCapacity: queueCapacity)
            state.nextID += 1
            state.clients[connection.id] = Client(connection: connection)
            metrics.connections.record(state.clients.count)
            return .admitted(connection)
        }
    }

    /// The client's TCP connection is gone.
    func remove(_ connection: ClientConnection) {
        state.withLock { state in
            guard state.clients[connection.id] != nil else { return }
            Self.dropSubscriptions(of: connection.id, in: &state)
            state.clients[connection.id] = nil
            metrics.connections.record(state.clients.count)
            metrics.subscriptions.record(state.subscriptionCount)
            if state.clients.isEmpty { state.drained?.finish() }
        }
        connection.finish()
    }

    /// Refuses new connections and asks every client to close with 1001; the stream ends when
    /// the last connection is gone.
    func beginShutdown() -> AsyncStream<Void> {
        let (drained, continuation) = AsyncStream.makeStream(of: Void.self)
        let connections = state.withLock { state in
            state.shuttingDown = true
            if state.clients.isEmpty { continuation.finish() } else { state.drained = continuation }
            return state.clients.values.map(\.connection)
        }
        for connection in connections {
            connection.requestClose(code: .goingAway, reason: "server shutting down")
        }
        return drained
    }

    // MARK: Subscriptions

    /// Registers `channels` (already validated by the feed) and queues the "subscribed" reply.
    func beginSubscribe(_ connection: ClientConnection, channels: [String], limit: Int) -> SubscribeOutcome {
        state.withLock { state in
            guard var client = state.clients[connection.id], !connection.isClosing else { return SubscribeOutcome() }
            var outcome = SubscribeOutcome()
            for channel in channels {
                if client.channels.contains(channel) {
                    outcome.acknowledged.append(channel)
                } else if client.channels.count >= limit {
                    outcome.overLimit.append(channel)
                } else {
                    client.channels.insert(channel)
                    state.channels[channel, default: [:]][connection.id] = Subscription(connection: connection, heldBack: [])
                    state.subscriptionCount += 1
                    outcome.acknowledged.append(channel)
                    outcome.pending.append(channel)
                }
            }
            state.clients[connection.id] = client
            metrics.subscriptions.record(state.subscriptionCount)
            if !outcome.acknowledged.isEmpty, !connection.enqueue(.text(ServerMessage.subscribed(outcome.acknowledged))) {
                disconnectSlow(connection.id, in: &state)
            }
            return outcome
        }
    }

    /// Queues the channel's initial state (if any), then the events held back since
    /// `beginSubscribe` that the state does not already contain, and makes the subscription live.
    func completeSubscribe(_ connection: ClientConnection, channel: String, initial: ChannelEvent?) {
        state.withLock { state in
            guard let subscription = state.channels[channel]?[connection.id], let heldBack = subscription.heldBack else { return }
            state.channels[channel]![connection.id]!.heldBack = nil
            var delivered = true
            if let initial {
                delivered = connection.enqueue(.text(ServerMessage.event(initial)))
            }
            for (seq, frame) in heldBack where delivered && seq > (initial?.seq ?? 0) {
                delivered = connection.enqueue(.text(frame))
            }
            if !delivered { disconnectSlow(connection.id, in: &state) }
        }
    }

    /// Drops the subscriptions and queues "unsubscribed" naming every requested channel.
    func unsubscribe(_ connection: ClientConnection, channels: [String]) {
        state.withLock { state in
            guard var client = state.clients[connection.id] else { return }
            for channel in channels where client.channels.remove(channel) != nil {
                Self.removeSubscription(channel: channel, id: connection.id, in: &state)
            }
            state.clients[connection.id] = client
            metrics.subscriptions.record(state.subscriptionCount)
            if !connection.enqueue(.text(ServerMessage.unsubscribed(channels))) {
                disconnectSlow(connection.id, in: &state)
            }
        }
    }

    /// Queues a reply (pong, error) or a ping; a client whose queue is full is disconnected.
    func send(_ message: ClientConnection.Outbound, to connection: ClientConnection) {
        guard !connection.enqueue(message) else { return }
        state.withLock { disconnectSlow(connection.id, in: &$0) }
    }

    // MARK: Fan-out

    /// One applied event's messages. Each frame is built once and shared by its subscribers.
    func dispatch(_ events: [ChannelEvent]) {
        state.withLock { state in
            for event in events {
                guard let subscribers = state.channels[event.channel], !subscribers.isEmpty else { continue }
                let frame = ServerMessage.event(event)
                var slow: [UInt64] = []
                for (id, subscription) in subscribers {
                    if let heldBack = subscription.heldBack {
                        if heldBack.count >= queueCapacity {
                            slow.append(id)
                        } else {
                            state.channels[event.channel]![id]!.heldBack!.append((event.seq, frame))
                        }
                    } else if !subscription.connection.enqueue(.text(frame)) {
                        slow.append(id)
                    }
                }
                for id in slow { disconnectSlow(id, in: &state) }
            }
        }
    }

    // MARK: Internals

    private func disconnectSlow(_ id: UInt64, in state: inout State) {
        guard let client = state.clients[id], client.connection.requestClose(code: .tooSlow, reason: "too slow: send queue full", immediate: true) else {
            return
        }
        Self.dropSubscriptions(of: id, in: &state)
        state.slowClientDisconnects += 1
        metrics.slowClientDisconnects.increment()
        metrics.subscriptions.record(state.subscriptionCount)
    }

    private static func dropSubscriptions(of id: UInt64, in state: inout State) {
        guard let channels = state.clients[id]?.channels else { return }
        for channel in channels {
            removeSubscription(channel: channel, id: id, in: &state)
        }
        state.clients[id]?.channels = []
    }

    private static func removeSubscription(channel: String, id: UInt64, in state: inout State) {
        guard state.channels[channel]?.removeValue(forKey: id) != nil else { return }
        state.subscriptionCount -= 1
        if state.channels[channel]?.isEmpty == true { state.channels[channel] = nil }
    }
}

extension WebSocketErrorCode {
    /// 1013 "Try Again Later": the client fell behind and may reconnect.
    static let tooSlow = WebSocketErrorCode(codeNumber: 1013)
}
