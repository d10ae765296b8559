import ChainIndexer
import Synchronization

/// The indexing replica's standing as the bus carries it to every replica: blocks deep enough
/// to index that are not indexed yet, nil before its indexer has read the chain head.
public struct IndexerStatus: Sendable, Codable, Hashable {
    public var behindBlocks: UInt64?

    public init(behindBlocks: UInt64?) {
        self.behindBlocks = behindBlocks
    }

    /// Nil while no indexer runs (`.idle`): there is nothing to report.
    init?(_ standing: IndexerProgress.Standing) {
        switch standing {
        case .idle: return nil
        case .starting: behindBlocks = nil
        case .behind(let blocks): behindBlocks = blocks
        }
    }
}

/// The last indexer status this replica received from the bus, and when.
final class ReportedIndexerStatus: Sendable {
    private let latest = Mutex<(status: IndexerStatus, at: ContinuousClock.Instant)?>(nil)

    func record(_ status: IndexerStatus, at instant: ContinuousClock.Instant = .now) {
        latest.withLock { $0 = (status, instant) }
    }

    /// The status, if one arrived within `maxAge` of `now`.
    func current(maxAge: Duration, now: ContinuousClock.Instant = .now) -> IndexerStatus? {
        latest.withLock { latest in
            guard let latest, now - latest.at <= maxAge else { return nil }
            return latest.status
        }
    }
}
