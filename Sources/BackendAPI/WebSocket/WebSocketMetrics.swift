import CoreMetrics
import ServiceKit

/// The WebSocket server's metrics. `descriptions` is for the backend's `MetricsRegistry`
/// (their `# HELP` lines).
public struct WebSocketMetrics: Sendable {
    public static let connectionsName = "websocket_connections"
    public static let subscriptionsName = "websocket_subscriptions"
    public static let messagesSentName = "websocket_messages_sent_total"
    public static let slowClientDisconnectsName = "websocket_slow_client_disconnects_total"

    public static let descriptions: [MetricDescription] = [
        MetricDescription(name: connectionsName, help: "Open WebSocket connections on this replica."),
        MetricDescription(name: subscriptionsName, help: "Channel subscriptions held by the open WebSocket connections."),
        MetricDescription(name: messagesSentName, help: "Text messages written to WebSocket clients (events and replies)."),
        MetricDescription(name: slowClientDisconnectsName,
                          help: "WebSocket clients disconnected because their send queue was full."),
    ]

    let connections: CoreMetrics.Gauge
    let subscriptions: CoreMetrics.Gauge
    let messagesSent: CoreMetrics.Counter
    let slowClientDisconnects: CoreMetrics.Counter

    public init(factory: any MetricsFactory) {
        connections = .init(label: Self.connectionsName, factory: factory)
        subscriptions = .init(label: Self.subscriptionsName, factory: factory)
        messagesSent = .init(label: Self.messagesSentName, factory: factory)
        slowClientDisconnects = .init(label: Self.slowClientDisconnectsName, factory: factory)
        // Present from the first scrape, not only after the first client.
        connections.record(0)
        subscriptions.record(0)
    }
}
