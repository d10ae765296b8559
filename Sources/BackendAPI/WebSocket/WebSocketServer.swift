import CoreMetrics
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceKit
import ServiceLifecycle

/// The backend's WebSocket endpoint (`ws://host:WS_PORT/ws`), as a swift-service-lifecycle
/// `Service`. Inside, a small service group of its own runs, in start order: the HTTP server
/// (Hummingbird with the WebSocket upgrade), the fan-out reading `feed.updates()`, and the
/// drainer. Graceful shutdown reaches them in reverse order, so every client is first closed
/// with 1001 "going away" (new upgrades are refused meanwhile), then the fan-out stops, and
/// only then does the HTTP server stop accepting — before its own shutdown handling could
/// close the sockets with a plain 1000.
public final class WebSocketServer: Service, Sendable {
    public let settings: WebSocketSettings
    let feed: any ChannelFeed
    let metrics: WebSocketMetrics
    let logger: Logger
    let hub: SubscriptionHub
    private let listening = ListeningPort()

    public init(settings: WebSocketSettings, feed: some ChannelFeed, metricsFactory: any MetricsFactory, logger: Logger) {
        self.settings = settings
        self.feed = feed
        self.metrics = WebSocketMetrics(factory: metricsFactory)
        self.logger = logger
        self.hub = SubscriptionHub(queueCapacity: settings.sendQueueCapacity, metrics: metrics)
    }

    /// The port the server listens on, once it does (the real one when `settings.port` is 0).
    /// Throws if `run` failed before listening.
    public func listeningPort() async throws -> Int {
        try await listening.value()
    }

    /// Open connections, subscriptions and slow-client disconnects so far.
    public var statistics: WebSocketStatistics {
        let stats = hub.statistics
        return WebSocketStatistics(connections: stats.connections, subscriptions: stats.subscriptions,
                                   slowClientDisconnects: stats.slowClientDisconnects)
    }

    public func run() async throws {
        let app = Application(
            router: Self.httpRouter(path: settings.path),
            server: .http1WebSocketUpgrade(
                configuration: .init(
                    // Plain HTTP on this port is only ever a mistake: don't keep such connections.
                    http1: .init(idleTimeout: .seconds(30)),
                    ws: .init(maxFrameSize: settings.maxFrameBytes, autoPing: .disabled, closeTimeout: settings.closeTimeout,
                              validateUTF8: true)
                ),
                shouldUpgrade: { [self] request, channel, logger in
                    try await shouldUpgrade(request, channel: channel, logger: logger)
                }
            ),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? settings.port
                listening.resolve(port)
                logger.info("websocket server listening", metadata: [
                    "host": "\(settings.host)", "port": "\(port)", "path": "\(settings.path)",
                    "maxConnections": "\(settings.maxConnections)", "sendQueue": "\(settings.sendQueueCapacity)",
                ])
            },
            logger: logger
        )
        let services: [any Service] = [app, FanOut(feed: feed, hub: hub), Drainer(hub: hub, logger: logger)]
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
        do {
            try await group.run()
        } catch {
            listening.fail(error)
            throw error
        }
        listening.fail(CancellationError())
    }

    private func shouldUpgrade(_ request: HTTPRequest, channel: any Channel, logger: Logger) async throws
        -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let path = String((request.path ?? "/").prefix { $0 != "?" })
        guard path == settings.path else {
            try await UpgradeRefusal.send(.notFound(path: path), on: channel)
            return .dontUpgrade
        }
        if let origin = request.headerFields[.origin], !settings.allowedOrigins.admitsUpgrade(from: origin) {
            logger.info("websocket upgrade refused: origin not allowed", metadata: ["origin": "\(origin.prefix(200))"])
            try await UpgradeRefusal.send(APIError(status: .forbidden, code: "ORIGIN_NOT_ALLOWED",
                                                   message: "pages from this origin may not open connections here; CORS_ORIGINS lists the allowed ones",
                                                   details: ["origin": String(origin.prefix(200))]),
                                          on: channel)
            return .dontUpgrade
        }
        let connection: ClientConnection
        switch hub.admit(maxConnections: settings.maxConnections) {
        case .admitted(let admitted):
            connection = admitted
        case .full:
            logger.warning("websocket connection refused: limit reached", metadata: ["maxConnections": "\(settings.maxConnections)"])
            try await UpgradeRefusal.send(APIError(status: .serviceUnavailable, code: "TOO_MANY_CONNECTIONS",
                                                   message: "this server has \(settings.maxConnections) WebSocket connections already",
                                                   details: ["limit": String(settings.maxConnections)]),
                                          on: channel, retryAfterSeconds: 5)
            return .dontUpgrade
        case .shuttingDown:
            try await UpgradeRefusal.send(APIError(status: .serviceUnavailable, code: "SHUTTING_DOWN", message: "the server is shutting down"),
                                          on: channel, retryAfterSeconds: 1)
            return .dontUpgrade
        }
        // Whatever happens next (failed handshake, client gone, normal close), the slot is
        // released when the TCP connection is.
        channel.closeFuture.whenComplete { [hub] _ in hub.remove(connection) }
        let activity = ConnectionActivity()
        try await activity.install(on: channel)
        let session = WebSocketSession(connection: connection, activity: activity, channel: channel, hub: hub, feed: feed,
                                       settings: settings, metrics: metrics,
                                       logger: logger.with(metadataKey: "wsClient", value: "\(connection.id)"))
        return .upgrade([:]) { inbound, outbound, _ in
            try await session.run(inbound: inbound, outbound: outbound)
        }
    }

    /// Plain HTTP requests on the WebSocket port: 426 on the WebSocket path, 404 elsewhere.
    static func httpRouter(path: String) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ErrorEnvelopeMiddleware())
        router.get(RouterPath(path)) { _, _ -> Response in
            throw APIError(status: .upgradeRequired, code: "UPGRADE_REQUIRED", message: "this endpoint speaks WebSocket only")
        }
        return router
    }
}

/// What `WebSocketServer.statistics` reports.
public struct WebSocketStatistics: Sendable, Equatable {
    public var connections: Int
    public var subscriptions: Int
    public var slowClientDisconnects: Int
}

extension Logger {
    fileprivate func with(metadataKey key: String, value: Logger.MetadataValue) -> Logger {
        var logger = self
        logger[metadataKey: key] = value
        return logger
    }
}
