/// The subscriber's loop-side state: which streams want which channels, on a dedicated
/// connection (a subscribed connection can run nothing else), resubscribing every channel
/// after each reconnect. Loop-thread only.
final class RedisPubSubCore: LoopResource, @unchecked Sendable {
    typealias Sink = AsyncStream<RedisPubSubMessage>.Continuation

    private struct Waiter {
        let channels: Set<String>
        let done: () -> Void
    }

    private let link: RedisLink
    private var sinks: [UInt64: (channels: Set<String>, sink: Sink)] = [:]
    private var subscribersByChannel: [String: Set<UInt64>] = [:]
    /// Channels the server confirmed on the current connection.
    private var confirmed: Set<String> = []
    private var waiters: [Waiter] = []
    private var nextID: UInt64 = 0
    private var closed = false

    init(core: LoopCore, configuration: RedisConfiguration) {
        link = RedisLink(core: core, configuration: configuration)
    }

    func start() {
        link.core.register(self)
        link.onReady = { [unowned self] in
            let channels = Array(self.subscribersByChannel.keys)
            if !channels.isEmpty { self.sendSubscribe(channels) }
        }
        link.onDown = { [unowned self] _ in
            self.confirmed = []
            // Subscriptions stay registered and are renewed on reconnect; nobody should wait for that.
            self.resumeWaiters(all: true)
        }
        link.onPush = { [unowned self] reply in self.push(reply) }
        link.start()
    }

    /// Registers `sink` for `channels`; `done` runs once the server confirmed them, or at once
    /// when the connection is down (they are subscribed on reconnect).
    func subscribe(_ channels: Set<String>, sink: Sink, done: @escaping () -> Void) -> UInt64? {
        guard !closed else {
            sink.finish()
            done()
            return nil
        }
        nextID += 1
        let id = nextID
        sinks[id] = (channels, sink)
        var fresh: [String] = []
        for channel in channels {
            if subscribersByChannel[channel, default: []].isEmpty { fresh.append(channel) }
            subscribersByChannel[channel, default: []].insert(id)
        }
        switch link.state {
        case .ready:
            if !fresh.isEmpty { sendSubscribe(fresh) }
            waiters.append(Waiter(channels: channels, done: done))
            resumeWaiters(all: false)
        case .connecting, .idle:
            waiters.append(Waiter(channels: channels, done: done))
        case .waiting, .closed:
            done()
        }
        return id
    }

    func unsubscribe(_ id: UInt64) {
        guard let entry = sinks.removeValue(forKey: id) else { return }
        var stale: [String] = []
        for channel in entry.channels {
            subscribersByChannel[channel]?.remove(id)
            if subscribersByChannel[channel]?.isEmpty == true {
                subscribersByChannel[channel] = nil
                confirmed.remove(channel)
                stale.append(channel)
            }
        }
        if !stale.isEmpty, link.state == .ready {
            _ = link.connection?.sendSubscription(["UNSUBSCRIBE"] + stale.map { RedisArgument($0) })
        }
    }

    private func sendSubscribe(_ channels: [String]) {
        _ = link.connection?.sendSubscription(["SUBSCRIBE"] + channels.map { RedisArgument($0) })
    }

    private func push(_ reply: RedisReply) {
        guard let parts = reply.array, parts.count >= 3, let kind = parts[0].string, let channel = parts[1].string else {
            return
        }
        switch kind {
        case "message":
            guard let payload = parts[2].bytes, let ids = subscribersByChannel[channel] else { return }
            let message = RedisPubSubMessage(channel: channel, payload: payload)
            for id in ids { sinks[id]?.sink.yield(message) }
        case "subscribe":
            if subscribersByChannel[channel] != nil { confirmed.insert(channel) }
            resumeWaiters(all: false)
        default:
            break
        }
    }

    private func resumeWaiters(all: Bool) {
        var pending: [Waiter] = []
        for waiter in waiters {
            if all || waiter.channels.isSubset(of: confirmed) { waiter.done() } else { pending.append(waiter) }
        }
        waiters = pending
    }

    func close() {
        guard !closed else { return }
        closed = true
        link.core.unregister(self)
        link.close()
        resumeWaiters(all: true)
        let open = sinks.values
        sinks = [:]
        subscribersByChannel = [:]
        for entry in open { entry.sink.finish() }
    }

    func shutdownOnLoop() { close() }

    var stats: RedisConnectionStats {
        RedisConnectionStats(
            connected: link.state == .ready, connectionsOpened: link.connectionsOpened,
            consecutiveFailures: link.failures, lastError: link.lastError
        )
    }
}
