import ChainIndexer
import ServiceKit

/// A replica whose indexer is far behind the chain would serve an old market as current: it is
/// not ready until the indexer has read the head and is within `maxLagBlocks` of the confirmed
/// head. A replica that does not index (a follower) is not held back.
struct IndexerReadiness: Sendable {
    let progress: IndexerProgress
    let maxLagBlocks: UInt64

    var current: Readiness {
        switch progress.current {
        case .idle:
            .ready
        case .starting:
            .notReady(code: "INDEXER_CATCHING_UP", reason: "the chain indexer has not read the chain head yet")
        case .behind(let blocks) where blocks > maxLagBlocks:
            .notReady(code: "INDEXER_CATCHING_UP",
                      reason: "the chain indexer is \(blocks) blocks behind the confirmed head; ready within \(maxLagBlocks) (INDEXER_MAX_LAG_BLOCKS)")
        case .behind:
            .ready
        }
    }
}
