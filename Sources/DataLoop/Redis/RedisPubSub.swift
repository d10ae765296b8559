/// Redis pub/sub on its own connection: subscriptions are async sequences of messages, renewed
/// automatically after a reconnect. Messages published while disconnected are lost (Redis
/// pub/sub keeps no history), so consumers that must not miss any detect gaps themselves
/// (e.g. by sequence number) and catch up from the database.
public final class RedisPubSub: Sendable {
    public let configuration: RedisConfiguration
    public let loop: DataLoop
    let core: RedisPubSubCore

    public init(configuration: RedisConfiguration, loop: DataLoop) throws {
        self.configuration = configuration
        self.loop = loop
        let core = RedisPubSubCore(core: loop.core, configuration: configuration)
        self.core = core
        guard loop.execute({ core.start() }) else { throw DataLoopError.shutDown }
    }

    /// Subscribes to `channels` (names as given: apply the key prefix yourself). Returns once the
    /// server confirmed the subscription, or at once if Redis is unreachable, in which case
    /// delivery starts after reconnecting. Cancel it (or stop iterating) to unsubscribe.
    public func subscribe(_ channels: [String]) async throws -> RedisSubscription {
        let core = self.core
        let loop = self.loop
        let (stream, sink) = AsyncStream<RedisPubSubMessage>.makeStream()
        let registration = SubscriptionID()
        sink.onTermination = { _ in
            loop.execute {
                if let id = registration.value { core.unsubscribe(id) }
                registration.cancelled = true
            }
        }
        let wanted = Set(channels)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let accepted = loop.execute {
                guard !registration.cancelled else {
                    continuation.resume()
                    return
                }
                registration.value = core.subscribe(wanted, sink: sink) { continuation.resume() }
            }
            if !accepted {
                sink.finish()
                continuation.resume()
            }
        }
        return RedisSubscription(stream: stream, sink: sink)
    }

    public func stats() async throws -> RedisConnectionStats {
        let core = self.core
        return try await loop.onLoop { _ in core.stats }
    }

    /// Closes the connection and finishes every subscription's sequence.
    public func close() async {
        let core = self.core
        _ = try? await loop.onLoop { _ in core.close() }
    }
}

/// Loop-thread only: the registration id, and whether the stream ended before it was made.
private final class SubscriptionID: @unchecked Sendable {
    var value: UInt64?
    var cancelled = false
}

/// One published message.
public struct RedisPubSubMessage: Sendable, Hashable {
    public let channel: String
    public let payload: [UInt8]

    public init(channel: String, payload: [UInt8]) {
        self.channel = channel
        self.payload = payload
    }

    public var string: String { String(decoding: payload, as: UTF8.self) }
}

/// The messages of one `subscribe` call, in the order Redis delivered them.
public struct RedisSubscription: AsyncSequence, Sendable {
    public typealias Element = RedisPubSubMessage
    private let stream: AsyncStream<RedisPubSubMessage>
    private let sink: AsyncStream<RedisPubSubMessage>.Continuation

    init(stream: AsyncStream<RedisPubSubMessage>, sink: AsyncStream<RedisPubSubMessage>.Continuation) {
        self.stream = stream
        self.sink = sink
    }

    public func makeAsyncIterator() -> AsyncStream<RedisPubSubMessage>.Iterator {
        stream.makeAsyncIterator()
    }

    /// Unsubscribes and ends the sequence.
    public func cancel() { sink.finish() }
}
