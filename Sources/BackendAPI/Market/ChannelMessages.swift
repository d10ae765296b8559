import Foundation
import Market

/// The WebSocket messages an applied batch produces, each `data` encoded once.
enum ChannelMessages {
    /// A batch larger than this is history being caught up (at start, or a replica closing a
    /// gap): it yields the pools' new states, prices and stats, not one message per event,
    /// which would cost more than the catch-up itself. History is in the REST API.
    static let perEventLimit = 500

    static func make(for events: [AppliedEvent], updates: [MarketAnalytics.Update], in view: MarketView) -> [ChannelEvent] {
        guard let last = events.last?.sequence else { return [] }
        var messages: [ChannelEvent] = []
        var changedPools: [Address] = []
        if events.count > perEventLimit {
            changedPools = Set(events.map(\.event.pool)).sorted()
        } else {
            for (applied, update) in zip(events, updates) {
                let address = applied.event.pool
                if !changedPools.contains(address) { changedPools.append(address) }
                guard let record = view.pool(address), let pool = PoolPayload(record, view: view) else { continue }
                let poolChannel = ChannelName.pool(address).name
                if let swap = update.swap {
                    let swapPayload = SwapPayload(swap)
                    messages.append(event(ChannelName.swaps.name, applied.sequence, swapPayload))
                    messages.append(event(poolChannel, applied.sequence, PoolMessage(kind: "swap", pool: pool, swap: swapPayload)))
                } else {
                    messages.append(event(poolChannel, applied.sequence, PoolMessage(kind: applied.event.kind.rawValue, pool: pool, swap: nil)))
                }
                for (interval, candle) in update.candles {
                    messages.append(event(ChannelName.candles(address, interval).name, applied.sequence, CandlePayload(candle)))
                }
            }
        }
        for address in changedPools {
            if let record = view.pool(address), let pool = PoolPayload(record, view: view) {
                messages.append(event(ChannelName.pools.name, last, pool))
            }
        }
        messages.append(event(ChannelName.prices.name, last, PricesMessage(view)))
        messages.append(event(ChannelName.stats.name, last, StatsPayload(view)))
        return messages
    }

    /// What a new subscriber gets first: a pool's state, the current candle, prices or stats.
    static func initial(for channel: String, in view: MarketView) -> ChannelEvent? {
        let name = ChannelName(channel)
        switch name {
        case .pool(let address):
            guard let record = view.pool(address), let pool = PoolPayload(record, view: view) else { return nil }
            return event(name.name, view.sequence, PoolMessage(kind: "state", pool: pool, swap: nil))
        case .candles(let address, let interval):
            guard let candle = view.activity(address)?.candles(interval, from: .min, to: .max).last else { return nil }
            return event(name.name, view.sequence, CandlePayload(candle))
        case .prices:
            return event(name.name, view.sequence, PricesMessage(view))
        case .stats:
            return event(name.name, view.sequence, StatsPayload(view))
        case .pools, .swaps, .invalid:
            return nil
        }
    }

    private static func event(_ channel: String, _ seq: UInt64, _ data: some Encodable) -> ChannelEvent {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = (try? encoder.encode(data)).map { [UInt8]($0) } ?? Array("null".utf8)
        return ChannelEvent(channel: channel, seq: seq, data: bytes)
    }
}

/// `pool:<address>` data: `{"kind":"state"|"swap"|"mint"|…,"pool":…,"swap":…}`.
struct PoolMessage: Encodable {
    var kind: String
    var pool: PoolPayload
    var swap: SwapPayload?
}

/// `prices` data and `GET /v1/prices`.
struct PricesMessage: Encodable {
    var sequence: UInt64
    var prices: [String: Double]

    init(_ view: MarketView) {
        sequence = view.sequence
        prices = Dictionary(uniqueKeysWithValues: view.analytics.prices.map { ($0.key.checksummed, Display.usd($0.value)) })
    }
}
