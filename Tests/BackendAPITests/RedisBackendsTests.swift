@testable import BackendAPI
import DataLoop
import Foundation
import Market
import Testing

@Suite(.enabled(if: DataPlaneTest.hasRedis, DataPlaneTest.noRedis))
struct RedisBackendsTests {
    /// A client (and pub/sub connection) under a fresh key prefix on a fresh loop, closed and
    /// checked for leaks afterwards.
    func withRedis(url: String? = nil, prefix: String = DataPlaneTest.unique("t") + ":",
                   _ body: (RedisClient, RedisPubSub, DataLoop) async throws -> Void) async throws {
        let loop = try DataLoop(name: "test-redis-loop")
        let configuration = try DataPlaneTest.redis(url, prefix: prefix)
        let client = try RedisClient(configuration: configuration, loop: loop)
        let pubsub = try RedisPubSub(configuration: configuration, loop: loop)
        do {
            try await body(client, pubsub, loop)
        } catch {
            await pubsub.close(); await client.close(); try? await loop.shutdown()
            throw error
        }
        await pubsub.close()
        await client.close()
        #expect(try await loop.openHandleCount() == 0)
        try await loop.shutdown()
    }

    @Test func cacheStoresUnderThePrefixAndExpires() async throws {
        try await withRedis { client, _, _ in
            let cache = RedisResponseCache(client: client)
            #expect(await cache.get("v1/pools?seq=1") == nil)
            let body = Array("{\"data\":[]} \u{0}\u{ff}".utf8) + [0, 255]
            await cache.set("v1/pools?seq=1", body, ttl: .seconds(60))
            #expect(await cache.get("v1/pools?seq=1") == body)
            // Stored where the prefix says, with a PX expiry no longer than asked.
            #expect(try await client.get(client.key("cache:v1/pools?seq=1")) == body)
            let ttl = try await client.command("PTTL", RedisArgument(client.key("cache:v1/pools?seq=1"))).integer ?? -1
            #expect(ttl > 0 && ttl <= 60_000)

            await cache.set("short", [1, 2, 3], ttl: .milliseconds(30))
            #expect(try await client.command("PTTL", RedisArgument(client.key("cache:short"))).integer ?? -1 <= 30)
            try await DataPlaneTest.eventually("the short entry to expire", seconds: 10) { await cache.get("short") == nil }
            #expect(await cache.get("v1/pools?seq=1") == body)
        }
    }

    /// Two replicas (two connections) taking from one client's bucket at once: exactly the
    /// burst is admitted, because the Lua script refills and takes atomically.
    @Test func rateLimiterIsAtomicAcrossClients() async throws {
        try await withRedis { first, _, loop in
            let second = try RedisClient(configuration: first.configuration, loop: loop)
            // One token a minute: nothing refills during the test.
            let limiters = [RedisRateLimiter(client: first, perMinute: 1, burst: 25), RedisRateLimiter(client: second, perMinute: 1, burst: 25)]
            let decisions = await withTaskGroup(of: RateLimitDecision.self) { group in
                for index in 0..<200 { group.addTask { await limiters[index % 2].take("198.51.100.7") } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(decisions.filter(\.allowed).count == 25)
            #expect(decisions.filter { !$0.allowed }.allSatisfy { $0.retryAfterSeconds >= 1 && $0.remaining == 0 && $0.limit == 25 })
            // Another client has its own bucket.
            #expect(await limiters[1].take("203.0.113.9").allowed)
            // A forgotten script (server restarted or flushed) is loaded again.
            _ = try await first.command("SCRIPT", "FLUSH")
            #expect(await limiters[0].take("203.0.113.10").allowed)
            #expect(try await first.command("EXISTS", RedisArgument(first.key("ratelimit:203.0.113.10"))).integer == 1)
            await second.close()
        }
    }

    @Test func rateLimiterRefillsAtItsRate() async throws {
        try await withRedis { client, _, _ in
            // 6000 a minute = one every 10 ms: after the burst, a token comes back soon.
            let limiter = RedisRateLimiter(client: client, perMinute: 6_000, burst: 2)
            #expect(await limiter.take("k").allowed)
            #expect(await limiter.take("k").allowed)
            try await DataPlaneTest.eventually("a token to refill", seconds: 10) { await limiter.take("k").allowed }
        }
    }

    @Test func busDeliversBatchesInOrderToEverySubscriber() async throws {
        try await withRedis { client, pubsub, loop in
            let otherPubSub = try RedisPubSub(configuration: client.configuration, loop: loop)
            let publisher = RedisEventBus(client: client, pubsub: pubsub, logger: DataPlaneTest.logger)
            let follower = RedisEventBus(client: client, pubsub: otherPubSub, logger: DataPlaneTest.logger)
            let mine = await publisher.subscribe()
            let theirs = await follower.subscribe()
            #expect(await publisher.isHealthy())

            let devnet = try HandDevnet()
            let events = devnet.market.genesis.events.enumerated().map { AppliedEvent(sequence: UInt64($0.offset + 1), event: $0.element) }
            let batches = stride(from: 0, to: events.count, by: 17).map { PublishedBatch(tokens: $0 == 0 ? devnet.market.tokens : [],
                                                                                          events: Array(events[$0..<min(events.count, $0 + 17)])) }
            for batch in batches { try await publisher.publish(batch) }
            for stream in [mine, theirs] {
                var received: [AppliedEvent] = []
                var tokens: [Token] = []
                for await batch in stream {
                    received += batch.events
                    tokens += batch.tokens
                    if received.count == events.count { break }
                }
                #expect(received == events)
                #expect(tokens == devnet.market.tokens)
            }
            // The indexing replica's standing travels on the same channel.
            try await publisher.publish(PublishedBatch(events: [], indexer: IndexerStatus(behindBlocks: 12)))
            for stream in [mine, theirs] {
                for await batch in stream {
                    #expect(batch.events.isEmpty)
                    #expect(batch.indexer == IndexerStatus(behindBlocks: 12))
                    break
                }
            }
            await otherPubSub.close()
        }
    }

    @Test func unreachableRedisFallsBackInProcess() async throws {
        let port = try DataPlaneTest.freePort()
        try await withRedis(url: "redis://127.0.0.1:\(port)") { client, pubsub, _ in
            let cache = RedisResponseCache(client: client)
            await cache.set("k", [7], ttl: .seconds(30))
            #expect(await cache.get("k") == [7])  // served from the replica's own memory
            let limiter = RedisRateLimiter(client: client, perMinute: 1, burst: 3)
            let admitted = await (0..<5).asyncCount { _ in await limiter.take("ip").allowed }
            #expect(admitted == 3)
            let bus = RedisEventBus(client: client, pubsub: pubsub, logger: DataPlaneTest.logger)
            #expect(await bus.isHealthy() == false)
            await #expect(throws: RedisError.self) { try await bus.publish(PublishedBatch(events: [])) }
        }
    }
}

extension Sequence {
    func asyncCount(_ predicate: (Element) async -> Bool) async -> Int {
        var count = 0
        for element in self where await predicate(element) { count += 1 }
        return count
    }
}
