import Market
import Routing
import ServiceKit
import Synchronization

/// The router's market state: the shared `GraphStore`, plus what follows every change (the
/// graph gauges) and the readiness rule. State files and the backend sync both go through here.
public final class RouterState: Sendable {
    public let store: GraphStore
    let metrics: RouterMetrics
    /// Nil: the state never goes stale (a state file with no backend to follow).
    let maxAge: Duration?
    let wallClock: @Sendable () -> WallClockTime
    /// The monotonic "now" readiness measures the state's age against (injectable for tests).
    let monotonicNow: @Sendable () -> ContinuousClock.Instant
    /// Bumped after every load and every applied change set, so caches can tell graph versions
    /// apart even when a reloaded snapshot repeats an earlier sequence.
    private let generationCounter = Atomic<UInt64>(0)

    /// Read it before the graph: a value read before a change can then only pair with the
    /// older graph or a newer one, never let a newer reader see an answer from an older graph.
    var generation: UInt64 { generationCounter.load(ordering: .acquiring) }

    public init(metrics: RouterMetrics, maxAge: Duration?, store: GraphStore = GraphStore(),
                wallClock: @escaping @Sendable () -> WallClockTime = WallClockTime.now,
                monotonicNow: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.store = store
        self.metrics = metrics
        self.maxAge = maxAge
        self.wallClock = wallClock
        self.monotonicNow = monotonicNow
    }

    /// Replaces the whole graph (a state file, or the backend's full state).
    public func load(_ snapshot: MarketSnapshot) {
        store.replace(with: snapshot, unixSeconds: now())
        generationCounter.add(1, ordering: .releasing)
        publishGauges()
    }

    /// Applies a change set from the feed. One without pools only confirms the graph is current.
    public func apply(_ changes: MarketSnapshot) {
        if changes.pools.isEmpty {
            store.touch(unixSeconds: now())
        } else {
            store.apply(changes, unixSeconds: now())
            generationCounter.add(1, ordering: .releasing)
        }
        publishGauges()
    }

    /// Ready once a state is loaded, and while it was confirmed within `maxAge`.
    public func readiness() -> Readiness {
        guard store.graph != nil, let updatedAt = store.updatedAt else {
            return .notReady(code: "STATE_NOT_READY", reason: "no market state loaded yet")
        }
        if let maxAge {
            let age = monotonicNow() - updatedAt
            if age > maxAge {
                return .notReady(code: "STATE_STALE", reason: "market state last confirmed \(age.components.seconds) s ago, over the \(maxAge.components.seconds) s limit (STATE_MAX_AGE_SECONDS); check the backend state feed")
            }
        }
        return .ready
    }

    func publishGauges() {
        guard let graph = store.graph else { return }
        metrics.pools.record(graph.poolCount)
        metrics.tokens.record(graph.tokenCount)
        if let seconds = store.updatedAtUnixSeconds { metrics.lastUpdate.record(Int64(seconds)) }
    }

    func now() -> UInt64 {
        UInt64(max(0, wallClock().seconds))
    }
}
