import Market
import Synchronization

/// The current pool graph, shared by every quote. Readers take the whole current version;
/// writers build the next one and swap it in, so a quote never sees a half-applied change.
public final class GraphStore: Sendable {
    private let state = Mutex<(graph: PoolGraph?, updatedAt: ContinuousClock.Instant?, updatedAtUnix: UInt64?)>((nil, nil, nil))

    public init() {}

    public var graph: PoolGraph? { state.withLock { $0.graph } }

    /// When the graph last changed (or was confirmed current by a sync), for readiness.
    public var updatedAt: ContinuousClock.Instant? { state.withLock { $0.updatedAt } }

    /// The same moment as Unix seconds, for the pool_graph_last_update_timestamp_seconds gauge.
    public var updatedAtUnixSeconds: UInt64? { state.withLock { $0.updatedAtUnix } }

    public func replace(with snapshot: MarketSnapshot, unixSeconds: UInt64) {
        let graph = PoolGraph(snapshot: snapshot)
        state.withLock { $0 = (graph, .now, unixSeconds) }
    }

    /// Applies a change set on top of the current graph; a change set older than the graph is
    /// ignored. Returns the graph now current, or nil while no snapshot is loaded.
    @discardableResult
    public func apply(_ changes: MarketSnapshot, unixSeconds: UInt64) -> PoolGraph? {
        // Building the next version happens outside the lock; only the swap is inside.
        guard let base = graph else { return nil }
        let next = changes.sequence > base.sequence ? base.applying(changes) : base
        return state.withLock { current in
            // Another writer may have moved on meanwhile: keep whichever is newer.
            if let existing = current.graph, existing.sequence > next.sequence {
                current.updatedAt = .now
                current.updatedAtUnix = unixSeconds
                return existing
            }
            current = (next, .now, unixSeconds)
            return next
        }
    }

    /// Records that the graph was confirmed current (a long poll returned no change).
    public func touch(unixSeconds: UInt64) {
        state.withLock { current in
            guard current.graph != nil else { return }
            current.updatedAt = .now
            current.updatedAtUnix = unixSeconds
        }
    }
}
