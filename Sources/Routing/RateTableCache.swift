import DEXMath
import Synchronization

/// Rate tables of one graph version, reused by every quote toward the same token: building one
/// visits every pool, a cost worth paying once per version rather than once per quote.
final class RateTableCache: Sendable {
    struct Key: Hashable {
        var anchor: Int32
        var towardAnchor: Bool
        var maxHops: Int
    }

    static let capacity = 512
    private let tables = Mutex<[Key: RateTable]>([:])
    /// Gas valuations (native token → token) of this version, by (native, token) index.
    private let valuations = Mutex<[ValuationKey: UInt256?]>([:])

    struct ValuationKey: Hashable {
        var native: Int32
        var token: Int32
    }

    func valuation(_ key: ValuationKey, build: () -> UInt256?) -> UInt256? {
        if let known = valuations.withLock({ $0[key] }) { return known }
        let value = build()
        valuations.withLock { valuations in
            if valuations.count >= Self.capacity { valuations.removeAll(keepingCapacity: true) }
            valuations[key] = .some(value)
        }
        return value
    }

    /// Pool rankings of this version, by fixed end, direction and hop limit (see `EdgeRanking`).
    private let rankings = Mutex<[Key: EdgeRanking]>([:])

    func ranking(_ key: Key, build: () -> EdgeRanking) -> EdgeRanking {
        rankings.withLock { rankings in
            if let known = rankings[key] { return known }
            if rankings.count >= Self.rankingCapacity { rankings.removeAll(keepingCapacity: true) }
            let ranking = build()
            rankings[key] = ranking
            return ranking
        }
    }

    /// Rankings fill in as searches expand tokens, up to every pool per hop count: fewer kept.
    static let rankingCapacity = 64

    func table(_ key: Key, build: () -> RateTable) -> RateTable {
        if let table = tables.withLock({ $0[key] }) { return table }
        let table = build()
        tables.withLock { tables in
            // A full cache starts over: entries are cheap to rebuild and the version is short-lived.
            if tables.count >= Self.capacity { tables.removeAll(keepingCapacity: true) }
            tables[key] = table
        }
        return table
    }
}
