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
        var swaps: [SwapRecord] = []
        var candles: [CandleKey: Candle] = [:]
        var days: [Int64: DailyTotals] = [:]
        var ids: Set<EventID> = []
        var checkpoint: IndexerCheckpoint?
        var sequence: UInt64 = 0
        var chainId: UInt64?
    }

    private struct CandleKey: Hashable {
        var pool: Address
        var interval: CandleInterval
        var time: Int64
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
                                    recentEvents: RecentEventIDs(c.events.map { ($0.event.id, $0.event.context.timestamp) }))
            let analytics = AnalyticsRecords(swaps: c.swaps,
                                             candles: c.candles.map { PoolCandle(pool: $0.key.pool, interval: $0.key.interval, candle: $0.value) },
                                             days: Array(c.days.values))
            return StoredMarket(state: state, checkpoint: c.checkpoint, analytics: analytics)
        }
    }

    public func register(_ tokens: [Token]) async throws {
        contents.withLock { c in for token in tokens { c.tokens[token.address] = token } }
    }

    public func commit(_ batch: IngestBatch) async throws {
        contents.withLock { c in
            // As PostgreSQL's store: a batch stored before is a no-op.
            if let first = batch.events.first, c.ids.contains(first.event.id) { return }
            for applied in batch.events where c.ids.insert(applied.event.id).inserted { c.events.append(applied) }
            c.swaps += batch.analytics.swaps
            for entry in batch.analytics.candles { c.candles[CandleKey(pool: entry.pool, interval: entry.interval, time: entry.candle.time)] = entry.candle }
            for totals in batch.analytics.days { c.days[totals.day] = totals }
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
