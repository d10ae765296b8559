import DataLoop
import Foundation
import Testing

/// Serialized: the reconnect tests kill connections server-side.
@Suite(.serialized, .enabled(if: TestEnvironment.hasRedis, TestEnvironment.noRedis))
struct RedisTests {
    func withClient(_ body: (RedisClient, DataLoop) async throws -> Void) async throws {
        try await withDataLoop { loop in
            let client = try RedisClient(configuration: try TestEnvironment.redis(), loop: loop)
            do {
                try await body(client, loop)
            } catch {
                await client.close()
                throw error
            }
            await client.close()
            #expect(try await loop.openHandleCount() == 0)
        }
    }

    @Test func getSetIncrDel() async throws {
        try await withClient { redis, _ in
            let key = redis.key(TestEnvironment.unique("k"))
            #expect(try await redis.get(key) == nil)
            try await redis.set(key, "value", expireMilliseconds: 60_000)
            #expect(try await redis.get(key).map { String(decoding: $0, as: UTF8.self) } == "value")
            let counter = redis.key(TestEnvironment.unique("n"))
            #expect(try await redis.incr(counter) == 1)
            #expect(try await redis.incr(counter) == 2)
            #expect(try await redis.command("PING") == .status("PONG"))
            #expect(try await redis.del([key, counter]) == 2)
            let error = try await #require(throws: RedisError.self) { try await redis.command("NOSUCHCOMMAND") }
            #expect(error.kind == .server)
            #expect(try await redis.send(["NOSUCHCOMMAND"]).string == nil)
        }
    }

    @Test func valuesAndKeysAreBinarySafe() async throws {
        try await withClient { redis, _ in
            let value = (0...255).map(UInt8.init) + [0, 13, 10, 36, 42]
            let key = TestEnvironment.unique("bin") + " \r\n\u{0}key"
            try await redis.set(key, RedisArgument(bytes: value))
            #expect(try await redis.get(key) == value)
            try await redis.set(key, RedisArgument(bytes: []))
            #expect(try await redis.get(key) == [])
            try await redis.del([key])
        }
    }

    @Test func pipelinedRepliesArriveInOrder() async throws {
        try await withClient { redis, _ in
            let key = redis.key(TestEnvironment.unique("pipe"))
            let replies = try await redis.pipeline(Array(repeating: ["INCR", RedisArgument(key)], count: 1_000))
            #expect(replies == (1...1_000).map { RedisReply.integer(Int64($0)) })
            // Commands from many tasks share the one connection.
            let values = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<200 { group.addTask { try await redis.incr(key) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(values) == Set(1_001...1_200))
            #expect(try await redis.stats().connectionsOpened == 1)
            try await redis.del([key])
        }
    }

    @Test func evalRunsScriptsAtomically() async throws {
        try await withClient { redis, _ in
            let key = redis.key(TestEnvironment.unique("rate"))
            let script = """
                local n = redis.call('INCR', KEYS[1])
                if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
                if n > tonumber(ARGV[2]) then return {0, n} end
                return {1, n}
                """
            var allowed = 0
            for _ in 0..<5 {
                let reply = try await redis.eval(script, keys: [key], arguments: ["60000", "3"])
                if reply.array?.first == .integer(1) { allowed += 1 }
            }
            #expect(allowed == 3)
            let sha = try #require(try await redis.command("SCRIPT", "LOAD", RedisArgument(script)).string)
            let reply = try await redis.evalsha(sha, keys: [key], arguments: ["60000", "3"])
            #expect(reply == .array([.integer(0), .integer(6)]))
            try await redis.del([key])
        }
    }

    @Test func reconnectsAfterClientKill() async throws {
        try await withClient { redis, loop in
            let admin = try RedisClient(configuration: try TestEnvironment.redis(), loop: loop)
            let id = try #require(try await redis.command("CLIENT", "ID").integer)
            #expect(try await admin.command("CLIENT", "KILL", "ID", RedisArgument(id)) == .integer(1))
            try await eventually("the client reconnected") {
                (try? await redis.command("PING")) == .status("PONG")
            }
            #expect(try await redis.command("CLIENT", "ID").integer != id)
            #expect(try await redis.stats().connectionsOpened == 2)
            await admin.close()
        }
    }

    @Test func unreachableServerFailsFast() async throws {
        try await withDataLoop { loop in
            let port = try unusedLoopbackPort()
            var configuration = RedisConfiguration(host: "127.0.0.1", port: port)
            configuration.reconnectBackoff = Backoff(initialMilliseconds: 10_000, maximumMilliseconds: 10_000)
            let redis = try RedisClient(configuration: configuration, loop: loop)
            // The first command waits for the first attempt, which fails.
            let first = try await #require(throws: RedisError.self) { try await redis.command("PING") }
            #expect(first.kind == .connectionFailed)
            #expect(first.message.contains("refused"))
            let second = try await #require(throws: RedisError.self) { try await redis.command("PING") }
            #expect(second.kind == .unavailable)
            await redis.close()
            #expect(try await loop.openHandleCount() == 0)
        }
    }

    @Test func resolvesHostNames() async throws {
        try await withDataLoop { loop in
            var configuration = try TestEnvironment.redis()
            configuration.host = "localhost"
            let redis = try RedisClient(configuration: configuration, loop: loop)
            #expect(try await redis.command("PING") == .status("PONG"))
            await redis.close()
            #expect(try await loop.openHandleCount() == 0)
        }
    }

    @Test func pubSubDeliversAndResubscribesAfterKill() async throws {
        try await withClient { redis, loop in
            let pubsub = try RedisPubSub(configuration: try TestEnvironment.redis(), loop: loop)
            let channel = redis.key(TestEnvironment.unique("events"))
            let other = redis.key(TestEnvironment.unique("other"))
            let subscription = try await pubsub.subscribe([channel, other])
            var messages = subscription.makeAsyncIterator()

            #expect(try await redis.publish(channel, "one") == 1)
            #expect(try await redis.publish(other, RedisArgument(bytes: [0, 255])) == 1)
            #expect(await messages.next() == RedisPubSubMessage(channel: channel, payload: Array("one".utf8)))
            #expect(await messages.next() == RedisPubSubMessage(channel: other, payload: [0, 255]))

            // Only this subscriber (the one pub/sub connection with two channels): other suites
            // share the server, and `CLIENT KILL TYPE pubsub` would close theirs too.
            let clients = try await redis.command("CLIENT", "LIST", "TYPE", "pubsub").string ?? ""
            let ours = clients.split(separator: "\n").filter { $0.contains(" sub=2 ") }
                .compactMap { $0.split(separator: " ").first { $0.hasPrefix("id=") }.map { String($0.dropFirst(3)) } }
            #expect(ours.count == 1)
            for id in ours { #expect(try await redis.command("CLIENT", "KILL", "ID", RedisArgument(id)) == .integer(1)) }
            try await eventually("resubscribed after the kill") {
                let reply = try await redis.command("PUBSUB", "NUMSUB", RedisArgument(channel), RedisArgument(other))
                return reply == .array([.bulk(Array(channel.utf8)), .integer(1), .bulk(Array(other.utf8)), .integer(1)])
            }
            #expect(try await redis.publish(channel, "two") == 1)
            #expect(await messages.next()?.string == "two")
            #expect(try await pubsub.stats().connectionsOpened == 2)

            // A second subscriber to the same channel shares the subscription.
            let second = try await pubsub.subscribe([channel])
            var secondMessages = second.makeAsyncIterator()
            #expect(try await redis.publish(channel, "three") == 1)
            #expect(await messages.next()?.string == "three")
            #expect(await secondMessages.next()?.string == "three")

            // Cancelling both unsubscribes from the server.
            subscription.cancel()
            second.cancel()
            #expect(await messages.next() == nil)
            try await eventually("unsubscribed") {
                try await redis.command("PUBSUB", "NUMSUB", RedisArgument(channel)).array?.last == .integer(0)
            }
            await pubsub.close()
        }
    }

    @Test func loopShutdownEndsSubscriptions() async throws {
        let loop = try DataLoop()
        let pubsub = try RedisPubSub(configuration: try TestEnvironment.redis(), loop: loop)
        let redis = try RedisClient(configuration: try TestEnvironment.redis(), loop: loop)
        let subscription = try await pubsub.subscribe([TestEnvironment.unique("bye")])
        #expect(try await redis.command("PING") == .status("PONG"))
        try await loop.shutdown()
        var iterator = subscription.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        let error = try await #require(throws: RedisError.self) { try await redis.command("PING") }
        #expect(error.kind == .closed)
    }
}
