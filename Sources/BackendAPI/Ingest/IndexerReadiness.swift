import ChainIndexer
import ServiceKit

/// A replica serving a market far behind the chain would serve an old market as current. The
/// replica whose indexer runs reads its own standing; the others the standing the indexing
/// replica last published on the bus (`IndexerStatusPublisher`). Not ready until the indexer
/// has read the head and while it is more than `maxLagBlocks` behind the confirmed head, nor
/// while no standing newer than `maxStatusAge` has arrived (no replica is indexing).
struct IndexerReadiness: Sendable {
    let progress: IndexerProgress
    let reported: ReportedIndexerStatus
    let maxLagBlocks: UInt64
    let maxStatusAge: Duration

    /// Status published every 5 s; after 30 s without one, no replica is indexing (a leader
    /// that stopped, or a lease not yet taken over).
    static let publishInterval = Duration.seconds(5)
    static let defaultMaxStatusAge = Duration.seconds(30)

    var current: Readiness {
        if let own = IndexerStatus(progress.current) { return Self.readiness(own, maxLagBlocks: maxLagBlocks, whose: "the chain indexer") }
        guard let reported = reported.current(maxAge: maxStatusAge) else {
            return .notReady(code: "INDEXER_NOT_REPORTING",
                             reason: "no replica has reported the chain indexer's progress for \(maxStatusAge.components.seconds) s; the market may be old")
        }
        return Self.readiness(reported, maxLagBlocks: maxLagBlocks, whose: "the leading replica's chain indexer")
    }

    static func readiness(_ status: IndexerStatus, maxLagBlocks: UInt64, whose: String) -> Readiness {
        guard let blocks = status.behindBlocks else {
            return .notReady(code: "INDEXER_CATCHING_UP", reason: "\(whose) has not read the chain head yet")
        }
        guard blocks <= maxLagBlocks else {
            return .notReady(code: "INDEXER_CATCHING_UP",
                             reason: "\(whose) is \(blocks) blocks behind the confirmed head; ready within \(maxLagBlocks) (INDEXER_MAX_LAG_BLOCKS)")
        }
        return .ready
    }
}
