import DataLoop
import Logging

/// Encoded responses in Redis, shared by every replica, expiring with SET PX. While Redis is
/// unreachable the replica caches in its own memory instead, so it keeps answering quickly.
public final class RedisResponseCache: ResponseCache {
    let client: RedisClient
    let fallback: InProcessResponseCache

    public init(client: RedisClient, fallback: InProcessResponseCache = InProcessResponseCache()) {
        self.client = client
        self.fallback = fallback
    }

    public var kind: String { "redis" }

    func key(_ key: String) -> String { client.key("cache:" + key) }

    public func get(_ key: String) async -> [UInt8]? {
        do {
            return try await client.get(self.key(key))
        } catch {
            return await fallback.get(key)
        }
    }

    public func set(_ key: String, _ value: [UInt8], ttl: Duration) async {
        let milliseconds = max(1, Int(ttl.components.seconds * 1000 + ttl.components.attoseconds / 1_000_000_000_000_000))
        do {
            try await client.set(self.key(key), RedisArgument(bytes: value), expireMilliseconds: milliseconds)
        } catch {
            await fallback.set(key, value, ttl: ttl)
        }
    }
}
