import Hummingbird
import NIOCore

/// The backend's request context: Hummingbird's core plus the peer address, which the rate
/// limiter keys on when a client presents no API key.
public struct BackendRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
