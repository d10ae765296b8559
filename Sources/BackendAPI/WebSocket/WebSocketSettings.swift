import ServiceKit

/// How the WebSocket server listens and what it tolerates from one client. Durations are
/// `Duration`s so tests can use sub-second values; the environment gives whole seconds.
public struct WebSocketSettings: Sendable, Equatable {
    public var host: String
    /// 0 asks the OS for a free port (tests); `WebSocketServer.listeningPort()` tells which.
    public var port: Int
    /// The only path that upgrades; anything else is answered 404.
    public var path: String
    public var maxConnections: Int
    public var maxSubscriptionsPerClient: Int
    /// Messages a client may have waiting; one more and it is disconnected as too slow.
    public var sendQueueCapacity: Int
    /// A client that sends nothing at all (no frame, no pong) for this long is closed.
    public var idleTimeout: Duration
    public var pingInterval: Duration
    /// Largest inbound message; a bigger one closes the connection with 1009.
    public var maxFrameBytes: Int
    /// How long a server-initiated close waits for the client's close frame before dropping
    /// the TCP connection (a stuck client never answers).
    public var closeTimeout: Duration
    /// Invalid messages in a row after which the client is closed with 1008.
    public var maxConsecutiveErrors: Int
    /// Pages that may open a connection: browsers send their page's `Origin` with the upgrade,
    /// and a page elsewhere must not use its visitors' browsers to hold connections here.
    public var allowedOrigins: AllowedOrigins

    public init(host: String = "0.0.0.0", port: Int = 4001, path: String = "/ws", maxConnections: Int = 10_000,
                maxSubscriptionsPerClient: Int = 50, sendQueueCapacity: Int = 256, idleTimeout: Duration = .seconds(60),
                pingInterval: Duration = .seconds(25), maxFrameBytes: Int = 64 * 1024, closeTimeout: Duration = .seconds(5),
                maxConsecutiveErrors: Int = 20, allowedOrigins: AllowedOrigins = .localFrontend) {
        self.host = host
        self.port = port
        self.path = path
        self.maxConnections = maxConnections
        self.maxSubscriptionsPerClient = maxSubscriptionsPerClient
        self.sendQueueCapacity = sendQueueCapacity
        self.idleTimeout = idleTimeout
        self.pingInterval = pingInterval
        self.maxFrameBytes = maxFrameBytes
        self.closeTimeout = closeTimeout
        self.maxConsecutiveErrors = maxConsecutiveErrors
        self.allowedOrigins = allowedOrigins
    }

    /// `WS_PORT`, `WS_MAX_CONNECTIONS`, `WS_MAX_SUBSCRIPTIONS`, `WS_SEND_QUEUE`,
    /// `WS_IDLE_TIMEOUT_SECONDS`, `WS_PING_INTERVAL_SECONDS`, `WS_MAX_FRAME_BYTES`; the host is
    /// the one the REST server binds (`HOST`), the allowed origins the REST API's (`CORS_ORIGINS`).
    public static func load(from environment: EnvironmentVariables) throws(ConfigurationError) -> WebSocketSettings {
        let defaults = WebSocketSettings()
        let idleSeconds = try environment.integer("WS_IDLE_TIMEOUT_SECONDS", default: 60, in: 2...86_400)
        let pingSeconds = try environment.integer("WS_PING_INTERVAL_SECONDS", default: min(25, idleSeconds / 2), in: 1...86_400)
        // A client only proves it is alive by answering pings: pinging less often than the idle
        // timeout would close healthy but quiet clients.
        guard pingSeconds < idleSeconds else {
            throw ConfigurationError(variable: "WS_PING_INTERVAL_SECONDS", expected: "less than WS_IDLE_TIMEOUT_SECONDS (\(idleSeconds))",
                                     got: String(pingSeconds))
        }
        return WebSocketSettings(
            host: environment.string("HOST", default: defaults.host),
            port: try environment.port("WS_PORT", default: defaults.port),
            maxConnections: try environment.integer("WS_MAX_CONNECTIONS", default: defaults.maxConnections, in: 1...1_000_000),
            maxSubscriptionsPerClient: try environment.integer("WS_MAX_SUBSCRIPTIONS", default: defaults.maxSubscriptionsPerClient, in: 1...10_000),
            sendQueueCapacity: try environment.integer("WS_SEND_QUEUE", default: defaults.sendQueueCapacity, in: 1...1_000_000),
            idleTimeout: .seconds(idleSeconds),
            pingInterval: .seconds(pingSeconds),
            maxFrameBytes: try environment.integer("WS_MAX_FRAME_BYTES", default: defaults.maxFrameBytes, in: 128...(16 * 1024 * 1024)),
            allowedOrigins: AllowedOrigins.load(from: environment)
        )
    }
}
