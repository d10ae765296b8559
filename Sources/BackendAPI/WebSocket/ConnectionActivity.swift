import NIOCore
import Synchronization

/// When the client last sent anything. WSCore answers pongs itself without telling the
/// handler, so this is measured below it: a handler at the front of the channel pipeline
/// sees every inbound byte — data frames, pongs, pings, close.
final class ConnectionActivity: Sendable {
    private let lastRead = Mutex(ContinuousClock.now)

    var lastReadInstant: ContinuousClock.Instant { lastRead.withLock { $0 } }

    func touch() {
        let now = ContinuousClock.now
        lastRead.withLock { $0 = now }
    }

    /// Adds the tracker at the front of `channel`'s pipeline.
    func install(on channel: any Channel) async throws {
        try await channel.eventLoop.submit { [self] in
            try channel.pipeline.syncOperations.addHandler(Tracker(activity: self), position: .first)
        }.get()
    }

    private final class Tracker: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer

        let activity: ConnectionActivity

        init(activity: ConnectionActivity) {
            self.activity = activity
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            activity.touch()
            context.fireChannelRead(data)
        }
    }
}
