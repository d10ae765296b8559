import DataLoop
import Foundation
import Logging

/// Applied batches on a Redis pub/sub channel (under the key prefix), so every replica's
/// WebSocket clients see every event. Pub/sub keeps no history: a replica that missed messages
/// (Redis restarted, its connection dropped) sees the next batch start past its sequence and
/// catches up from the store (`BusFollower`). While Redis is down, publishing fails (the
/// leader has already applied the batch to its own hub) and `isHealthy` says so.
public final class RedisEventBus: EventBus {
    let client: RedisClient
    let pubsub: RedisPubSub
    let channel: String
    let logger: Logger

    public init(client: RedisClient, pubsub: RedisPubSub, logger: Logger) {
        self.client = client
        self.pubsub = pubsub
        self.channel = client.key("events")
        self.logger = logger
    }

    public var kind: String { "redis" }

    public func publish(_ batch: PublishedBatch) async throws {
        try await client.publish(channel, RedisArgument(bytes: Array(try JSONEncoder().encode(BusMessage(batch)))))
    }

    public func subscribe() async -> AsyncStream<PublishedBatch> {
        let logger = self.logger
        let subscription: RedisSubscription
        do {
            subscription = try await pubsub.subscribe([channel])
        } catch {
            logger.error("could not subscribe to the event bus", metadata: ["error": "\(error)"])
            return AsyncStream { $0.finish() }
        }
        let (stream, continuation) = AsyncStream.makeStream(of: PublishedBatch.self, bufferingPolicy: .unbounded)
        let relay = Task {
            let decoder = JSONDecoder()
            for await message in subscription {
                do {
                    continuation.yield(try decoder.decode(BusMessage.self, from: Data(message.payload)).batch)
                } catch {
                    // A message this replica cannot read is a gap: the next batch triggers a catch-up.
                    logger.error("unreadable event bus message", metadata: ["error": "\(error)", "bytes": "\(message.payload.count)"])
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in
            subscription.cancel()
            relay.cancel()
        }
        return stream
    }

    public func isHealthy() async -> Bool {
        let client = self.client, pubsub = self.pubsub
        return await withTimeout(.seconds(2)) {
            guard (try? await client.command("PING")) != nil else { return false }
            return (try? await pubsub.stats().connected) ?? false
        } ?? false
    }
}
