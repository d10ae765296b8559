/// A Redis command client on a `DataLoop`: one connection carrying many commands in flight
/// (pipelined, replies in order), binary-safe arguments, reconnect with backoff.
///
/// While reconnecting after a failure it fails fast with `RedisError.unavailable`, so callers
/// can fall back instead of waiting. Commands are never retried automatically.
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    public let loop: DataLoop
    let core: RedisClientCore

    /// Starts connecting in the background; commands sent meanwhile wait for the connection.
    public init(configuration: RedisConfiguration, loop: DataLoop) throws {
        self.configuration = configuration
        self.loop = loop
        let core = RedisClientCore(core: loop.core, configuration: configuration)
        self.core = core
        guard loop.execute({ core.start() }) else { throw DataLoopError.shutDown }
    }

    /// `name` with the configured key prefix (REDIS_KEY_PREFIX).
    public func key(_ name: String) -> String { configuration.keyPrefix.key(name) }

    /// Runs a command; an error reply is returned as `.error`, not thrown.
    public func send(_ arguments: [RedisArgument]) async throws -> RedisReply {
        let core = self.core
        return try await withCheckedThrowingContinuation { continuation in
            let accepted = loop.execute {
                core.send(arguments) { continuation.resume(with: $0) }
            }
            if !accepted { continuation.resume(throwing: RedisError.closed) }
        }
    }

    /// Runs a command; an error reply throws `RedisError` of kind `.server`.
    @discardableResult
    public func command(_ arguments: RedisArgument...) async throws -> RedisReply {
        try await command(arguments: arguments)
    }

    @discardableResult
    public func command(arguments: [RedisArgument]) async throws -> RedisReply {
        let reply = try await send(arguments)
        if case .error(let message) = reply { throw RedisError(kind: .server, message: message) }
        return reply
    }

    /// Sends every command at once on the one connection and returns their replies in order
    /// (error replies included as `.error`). A lost connection fails the whole call.
    public func pipeline(_ commands: [[RedisArgument]]) async throws -> [RedisReply] {
        guard !commands.isEmpty else { return [] }
        let core = self.core
        return try await withCheckedThrowingContinuation { continuation in
            let accepted = loop.execute {
                let collector = PipelineCollector(count: commands.count) { continuation.resume(with: $0) }
                for (index, command) in commands.enumerated() {
                    core.send(command) { collector.complete(index, $0) }
                }
            }
            if !accepted { continuation.resume(throwing: RedisError.closed) }
        }
    }

    // MARK: conveniences (keys are used as given: apply `key(_:)` yourself)

    public func get(_ key: String) async throws -> [UInt8]? {
        let reply = try await command("GET", RedisArgument(key))
        return reply.isNull ? nil : try expect(reply.bytes, reply)
    }

    /// SET, with an expiry in milliseconds (PX) when given.
    public func set(_ key: String, _ value: RedisArgument, expireMilliseconds: Int? = nil) async throws {
        var arguments: [RedisArgument] = ["SET", RedisArgument(key), value]
        if let expireMilliseconds { arguments += ["PX", RedisArgument(expireMilliseconds)] }
        try await command(arguments: arguments)
    }

    public func incr(_ key: String) async throws -> Int64 {
        let reply = try await command("INCR", RedisArgument(key))
        return try expect(reply.integer, reply)
    }

    @discardableResult
    public func del(_ keys: [String]) async throws -> Int64 {
        let reply = try await command(arguments: ["DEL"] + keys.map { RedisArgument($0) })
        return try expect(reply.integer, reply)
    }

    /// Publishes on a channel; returns how many subscribers received it.
    @discardableResult
    public func publish(_ channel: String, _ message: RedisArgument) async throws -> Int64 {
        let reply = try await command("PUBLISH", RedisArgument(channel), message)
        return try expect(reply.integer, reply)
    }

    /// EVAL: runs a Lua script atomically on the server (e.g. a rate limiter's check-and-increment).
    public func eval(_ script: String, keys: [String] = [], arguments: [RedisArgument] = []) async throws -> RedisReply {
        try await command(arguments: ["EVAL", RedisArgument(script), RedisArgument(keys.count)] + keys.map { RedisArgument($0) } + arguments)
    }

    /// EVALSHA of a script loaded with SCRIPT LOAD; a server error "NOSCRIPT" means load it again.
    public func evalsha(_ sha1: String, keys: [String] = [], arguments: [RedisArgument] = []) async throws -> RedisReply {
        try await command(arguments: ["EVALSHA", RedisArgument(sha1), RedisArgument(keys.count)] + keys.map { RedisArgument($0) } + arguments)
    }

    public func stats() async throws -> RedisConnectionStats {
        let core = self.core
        return try await loop.onLoop { _ in core.stats }
    }

    /// Closes the connection; pending commands fail with `.closed`.
    public func close() async {
        let core = self.core
        _ = try? await loop.onLoop { _ in core.close() }
    }

    private func expect<T>(_ value: T?, _ reply: RedisReply) throws -> T {
        guard let value else { throw RedisError(kind: .unexpectedReply, message: "unexpected reply \(reply)") }
        return value
    }
}

/// Gathers a pipeline's replies by position and answers once all arrived. Loop-thread only.
private final class PipelineCollector {
    private var replies: [RedisReply?]
    private var remaining: Int
    private var failure: RedisError?
    private let done: (Result<[RedisReply], RedisError>) -> Void

    init(count: Int, done: @escaping (Result<[RedisReply], RedisError>) -> Void) {
        replies = Array(repeating: nil, count: count)
        remaining = count
        self.done = done
    }

    func complete(_ index: Int, _ result: Result<RedisReply, RedisError>) {
        switch result {
        case .success(let reply): replies[index] = reply
        case .failure(let error): failure = failure ?? error
        }
        remaining -= 1
        guard remaining == 0 else { return }
        if let failure { done(.failure(failure)) } else { done(.success(replies.map { $0! })) }
    }
}
