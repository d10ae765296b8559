import Market
import Synchronization

/// The embedded store: keeps what a database would, in this process, so one replica runs with
/// no PostgreSQL. Nothing survives a restart.
public final class InMemoryMarketStore: MarketStore {
    private struct Contents {
        var tokens: [Address: Token] = [:]
        var pools: [Address: PoolRecord] = [:]
        var positions: [PositionKey: UInt128] = [:]
        var events: [AppliedEvent] = []
        var ids: Set<EventID> = []
        var checkpoint: IndexerCheckpoint?
        var sequence: UInt64 = 0
        var chainId: UInt64?
    }

    private let contents = Mutex(Contents())

    public init() {}

    public var kind: String { "embedded" }

    public func migrate() async throws {}

    public func load(chainId: UInt64) async throws -> StoredMarket? {
        contents.withLock { c in
            guard c.sequence > 0 || !c.tokens.isEmpty else { return nil }
            let last = c.events.last?.event.context
            let state = MarketState(chainId: chainId, sequence: c.sequence, tokens: Array(c.tokens.values), pools: Array(c.pools.values),
                                    positions: c.positions, blockNumber: last?.blockNumber ?? 0, timestamp: last?.timestamp ?? 0,
                                    appliedEvents: c.ids)
            let dayAgo = (last?.timestamp ?? 0) - 86_400
            let start = c.events.firstIndex { $0.event.context.timestamp > dayAgo } ?? c.events.count
            return StoredMarket(state: state, checkpoint: c.checkpoint, recentEvents: Array(c.events[start...]))
        }
    }

    public func register(_ tokens: [Token]) async throws {
        contents.withLock { c in for token in tokens { c.tokens[token.address] = token } }
    }

    public func commit(_ batch: IngestBatch) async throws {
        contents.withLock { c in
            for applied in batch.events where c.ids.insert(applied.event.id).inserted { c.events.append(applied) }
            for pool in batch.pools { c.pools[pool.address] = pool }
            for (key, liquidity) in batch.positions { c.positions[key] = liquidity == 0 ? nil : liquidity }
            c.checkpoint = batch.checkpoint
            c.sequence = max(c.sequence, batch.sequence)
        }
    }

    public func events(after: UInt64, limit: Int) async throws -> [AppliedEvent] {
        contents.withLock { c in
            let start = c.events.partitioningIndex { $0.sequence > after }
            return Array(c.events[start..<min(c.events.count, start + limit)])
        }
    }

    public func isHealthy() async -> Bool { true }
}

extension Array {
    /// The first index whose element satisfies `isAfter` (elements must be partitioned).
    func partitioningIndex(_ isAfter: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if isAfter(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
