import ServiceLifecycle

/// The one task that reads the feed and hands each applied event's messages to the hub.
/// Dispatching never waits on a client, so the feed is never held up by one.
struct FanOut: Service {
    let feed: any ChannelFeed
    let hub: SubscriptionHub

    func run() async {
        for await events in feed.updates().cancelOnGracefulShutdown() {
            hub.dispatch(events)
        }
        // The feed ended without a shutdown: keep the clients (pings, replies) until one.
        try? await gracefulShutdown()
    }
}
