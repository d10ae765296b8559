import Synchronization

/// How far this replica's running indexer is behind the chain, for the backend's readiness: a
/// replica still catching up would serve an hours-old market as current.
public final class IndexerProgress: Sendable {
    public enum Standing: Sendable, Hashable {
        /// No run on this replica: another replica leads, or the source stopped.
        case idle
        /// A run that has not read the chain head yet, so its lag is unknown.
        case starting
        /// Blocks deep enough to index (`CONFIRMATIONS` under the head) that are not indexed yet.
        case behind(blocks: UInt64)
    }

    private let standing = Mutex(Standing.idle)

    public init() {}

    public var current: Standing { standing.withLock { $0 } }

    public func started() { standing.withLock { $0 = .starting } }

    public func stopped() { standing.withLock { $0 = .idle } }

    /// Every block before `next` is indexed; the newest one that may be is `head - confirmations`.
    public func reached(next: UInt64, head: UInt64, confirmations: UInt64) {
        let newestIndexable = head >= confirmations ? head - confirmations : 0
        let blocks = head >= confirmations && newestIndexable >= next ? newestIndexable - next + 1 : 0
        standing.withLock { $0 = .behind(blocks: blocks) }
    }
}
