import DataLoop
import Synchronization

/// A token bucket per client in Redis, so the limit holds across replicas: one Lua script
/// refills and takes atomically on the server (by the server's clock), run by EVALSHA. While
/// Redis is unreachable each replica limits with its own in-process buckets.
public final class RedisRateLimiter: RateLimiter {
    let client: RedisClient
    let perMinute: Int
    let burst: Int
    let fallback: TokenBucketRateLimiter
    private let scriptSHA = Mutex<String?>(nil)

    public init(client: RedisClient, perMinute: Int, burst: Int) {
        self.client = client
        self.perMinute = perMinute
        self.burst = burst
        self.fallback = TokenBucketRateLimiter(perMinute: perMinute, burst: burst)
    }

    public var kind: String { "redis" }

    /// KEYS[1] the bucket; ARGV[1] tokens per minute, ARGV[2] burst. Returns {allowed 0|1,
    /// whole tokens left, seconds until the next token when refused}. Time is the server's
    /// (TIME), so replicas with skewed clocks share one bucket correctly.
    static let script = """
        local now_us = redis.call('TIME')
        local now = tonumber(now_us[1]) * 1000 + math.floor(tonumber(now_us[2]) / 1000)
        local per_ms = tonumber(ARGV[1]) / 60000
        local burst = tonumber(ARGV[2])
        local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(bucket[1])
        local at = tonumber(bucket[2])
        if tokens == nil or at == nil then
            tokens = burst
            at = now
        end
        if now > at then tokens = math.min(burst, tokens + (now - at) * per_ms) end
        local allowed = 0
        if tokens >= 1 then
            tokens = tokens - 1
            allowed = 1
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(now, at)))
        local full_in_ms = 60000
        if per_ms > 0 then full_in_ms = math.ceil((burst - tokens) / per_ms) + 1000 end
        redis.call('PEXPIRE', KEYS[1], full_in_ms)
        local retry = 0
        if allowed == 0 then
            if per_ms > 0 then retry = math.max(1, math.ceil((1 - tokens) / per_ms / 1000)) else retry = 60 end
        end
        return {allowed, math.floor(tokens), retry}
        """

    public func take(_ key: String) async -> RateLimitDecision {
        do {
            let reply = try await run(key: client.key("ratelimit:" + key))
            guard let values = reply.array, values.count == 3, let allowed = values[0].integer, let remaining = values[1].integer,
                  let retry = values[2].integer
            else { return await fallback.take(key) }
            return RateLimitDecision(allowed: allowed == 1, limit: burst, remaining: Int(remaining), retryAfterSeconds: Int(retry))
        } catch {
            return await fallback.take(key)
        }
    }

    private func run(key: String) async throws -> RedisReply {
        let arguments = [RedisArgument(perMinute), RedisArgument(burst)]
        if let sha = scriptSHA.withLock({ $0 }) {
            let reply = try await client.send(["EVALSHA", RedisArgument(sha), 1, RedisArgument(key)] + arguments)
            // A restarted or flushed server forgot the script: load it again below.
            if case .error(let message) = reply, message.hasPrefix("NOSCRIPT") {} else {
                if case .error(let message) = reply { throw RedisError(kind: .server, message: message) }
                return reply
            }
        }
        let loaded = try await client.command("SCRIPT", "LOAD", RedisArgument(Self.script))
        guard let sha = loaded.string else { throw RedisError(kind: .unexpectedReply, message: "SCRIPT LOAD answered \(loaded)") }
        scriptSHA.withLock { $0 = sha }
        return try await client.evalsha(sha, keys: [key], arguments: arguments)
    }
}
