/// The command client's loop-side state: one pipelined connection through a `RedisLink`, and
/// commands held while (re)connecting. Loop-thread only.
final class RedisClientCore: LoopResource, @unchecked Sendable {
    typealias Handler = RedisConnection.ReplyHandler

    private let link: RedisLink
    private var held: [([RedisArgument], Handler)] = []
    private var closed = false

    init(core: LoopCore, configuration: RedisConfiguration) {
        link = RedisLink(core: core, configuration: configuration)
    }

    func start() {
        link.core.register(self)
        link.onReady = { [unowned self] in
            let commands = self.held
            self.held = []
            for (arguments, handler) in commands { self.send(arguments, handler) }
        }
        link.onDown = { [unowned self] error in
            let commands = self.held
            self.held = []
            for (_, handler) in commands { handler(.failure(error)) }
        }
        link.start()
    }

    /// Sends at once when connected (replies come back in order); holds the command while a
    /// connection attempt is under way; fails fast while waiting out a backoff delay.
    func send(_ arguments: [RedisArgument], _ handler: @escaping Handler) {
        switch link.state {
        case .ready:
            link.connection!.send(arguments, handler: handler)
        case .connecting, .idle:
            held.append((arguments, handler))
        case .waiting:
            let reason = link.lastError?.message ?? "reconnecting"
            handler(.failure(RedisError(kind: .unavailable, message: "Redis is unavailable: \(reason)")))
        case .closed:
            handler(.failure(.closed))
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        link.core.unregister(self)
        link.close()
        let commands = held
        held = []
        for (_, handler) in commands { handler(.failure(.closed)) }
    }

    func shutdownOnLoop() { close() }

    var stats: RedisConnectionStats {
        RedisConnectionStats(
            connected: link.state == .ready, connectionsOpened: link.connectionsOpened,
            consecutiveFailures: link.failures, lastError: link.lastError
        )
    }
}

/// A snapshot of a Redis client's connection, for readiness checks and tests.
public struct RedisConnectionStats: Sendable, Equatable {
    public let connected: Bool
    /// Successful connects since start (reconnects included).
    public let connectionsOpened: Int
    public let consecutiveFailures: Int
    public let lastError: RedisError?
}
