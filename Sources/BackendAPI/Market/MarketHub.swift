import Foundation
import Logging
import Market
import Synchronization

/// This replica's live copy of the market: applies published batches in sequence order, keeps
/// the derived data current, and tells the WebSocket server and long-polling routers what
/// changed. Readers take a `MarketView` value and never wait on a writer for long.
public final class MarketHub: Sendable {
    private let current: Mutex<MarketView>
    private let channelUpdates = Broadcaster<[ChannelEvent]>()
    private let sequenceUpdates = Broadcaster<UInt64>()
    private let logger: Logger

    public init(chainId: UInt64, stablecoins: Set<Address>, logger: Logger) {
        current = Mutex(MarketView(state: MarketState(chainId: chainId), analytics: MarketAnalytics(stablecoins: stablecoins)))
        self.logger = logger
    }

    public var view: MarketView { current.withLock { $0 } }

    public var sequence: UInt64 { current.withLock { $0.state.sequence } }

    /// Replaces the market with a stored one, its charts and history as they were recorded.
    public func load(_ stored: StoredMarket) {
        current.withLock { view in
            view = MarketView(state: stored.state,
                              analytics: MarketAnalytics(stablecoins: view.analytics.stablecoins, restoring: stored.analytics, in: stored.state))
        }
        sequenceUpdates.send(stored.state.sequence)
    }

    public enum ApplyResult: Sendable, Equatable {
        /// Applied up to this sequence (possibly nothing new).
        case applied(UInt64)
        /// The batch starts after a sequence this replica has not seen: catch up first.
        case gap(have: UInt64, next: UInt64)
    }

    /// Applies a published batch. Events at or below the current sequence were applied before
    /// and are skipped, so a batch may arrive both directly and through the bus.
    @discardableResult
    public func apply(_ batch: PublishedBatch) throws(MarketEventError) -> ApplyResult {
        let (result, messages) = try current.withLock { view throws(MarketEventError) -> (ApplyResult, [ChannelEvent]) in
            var next = view
            for token in batch.tokens { next.state.register(token) }
            var fresh: [AppliedEvent] = []
            var updates: [MarketAnalytics.Update] = []
            for applied in batch.events where applied.sequence > next.state.sequence {
                guard applied.sequence == next.state.sequence + 1 else {
                    return (.gap(have: next.state.sequence, next: applied.sequence), [])
                }
                guard let result = try next.state.apply(applied.event), result.sequence == applied.sequence else {
                    throw .math(pool: applied.event.pool, .invalidPoolState)
                }
                updates.append(next.analytics.record(applied, in: next.state))
                fresh.append(applied)
            }
            guard !fresh.isEmpty || !batch.tokens.isEmpty else { return (.applied(view.state.sequence), []) }
            next.analytics.refresh(next.state, changed: Set(fresh.map(\.event.pool)))
            view = next
            return (.applied(next.state.sequence), ChannelMessages.make(for: fresh, updates: updates, in: next))
        }
        if case .applied(let sequence) = result { publish(messages, sequence: sequence) }
        return result
    }

    /// What the leader's pipeline already derived for a batch it committed: the market after
    /// it and its events' analytics updates, so the leader's hub need not derive them again.
    public struct DerivedBatch: Sendable {
        /// The sequence the batch was applied on top of.
        public var startSequence: UInt64
        public var view: MarketView
        public var updates: [MarketAnalytics.Update]
    }

    /// Installs `derived` when this hub is exactly where the batch starts; otherwise (a
    /// follower's batch arrived first, or the hub lags) applies the batch like any other.
    @discardableResult
    public func apply(_ batch: PublishedBatch, derived: DerivedBatch) throws(MarketEventError) -> ApplyResult {
        let messages = current.withLock { view -> [ChannelEvent]? in
            guard view.state.sequence == derived.startSequence else { return nil }
            view = derived.view
            return ChannelMessages.make(for: batch.events, updates: derived.updates, in: derived.view)
        }
        guard let messages else { return try apply(batch) }
        publish(messages, sequence: derived.view.sequence)
        return .applied(derived.view.sequence)
    }

    private func publish(_ messages: [ChannelEvent], sequence: UInt64) {
        if !messages.isEmpty { channelUpdates.send(messages) }
        sequenceUpdates.send(sequence)
    }

    /// The pools changed after `after`; waits up to `timeout` for a change when there is none
    /// yet. Nil when `after` is ahead of this market (it restarted with other state).
    public func changes(after: UInt64, timeout: Duration) async -> MarketSnapshot? {
        let stream = sequenceUpdates.subscribe()
        let now = sequence
        if after > now { return nil }
        if after == now {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await sequence in stream where sequence > after { return }
                }
                group.addTask { try? await Task.sleep(for: timeout) }
                await group.next()
                group.cancelAll()
            }
        }
        let view = self.view
        return after > view.sequence ? nil : view.state.changes(after: after)
    }

    func finish() {
        channelUpdates.finish()
        sequenceUpdates.finish()
    }
}

extension MarketHub: ChannelFeed {
    public func updates() -> AsyncStream<[ChannelEvent]> { channelUpdates.subscribe() }

    public func initialEvent(for channel: String) async -> ChannelEvent? {
        ChannelMessages.initial(for: channel, in: view)
    }

    public func rejectionReason(for channel: String) -> String? {
        ChannelName(channel).rejection(in: view)
    }
}

extension MarketHub {
    public func canonicalChannel(_ channel: String) -> String { ChannelName(channel).name }
}
