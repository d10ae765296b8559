import Logging
import ServiceLifecycle

/// On graceful shutdown, closes every client with 1001 "going away" and waits until their
/// connections are gone (each is dropped after `closeTimeout` if the client does not answer).
struct Drainer: Service {
    let hub: SubscriptionHub
    let logger: Logger

    func run() async {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group is ending without a graceful shutdown
        }
        let clients = hub.statistics.connections
        logger.info("closing websocket clients", metadata: ["clients": "\(clients)"])
        for await _ in hub.beginShutdown() {}
        logger.info("websocket clients closed")
    }
}
