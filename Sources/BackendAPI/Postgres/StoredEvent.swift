import Market

/// An applied event as the store and the bus carry it: context, kind and payload as separate
/// members. MarketEvent's own flat JSON cannot be used here: a PoolCreated payload's pool
/// `kind` ("concentrated") lands on the same key as the event's `kind` ("poolCreated") and
/// overwrites it, so such an event would not decode again.
struct StoredEvent: Codable {
    var sequence: UInt64
    var context: EventContext
    var kind: MarketEvent.Kind
    var payload: Payload

    enum Payload {
        case poolCreated(MarketEvent.PoolCreated)
        case initialize(MarketEvent.Initialize)
        case mint(MarketEvent.Mint)
        case burn(MarketEvent.Burn)
        case swap(MarketEvent.Swap)
        case sync(MarketEvent.Sync)
        case pairSwap(MarketEvent.PairSwap)
    }

    init(_ applied: AppliedEvent) {
        sequence = applied.sequence
        context = applied.event.context
        kind = applied.event.kind
        payload = switch applied.event.payload {
        case .poolCreated(let e): .poolCreated(e)
        case .initialize(let e): .initialize(e)
        case .mint(let e): .mint(e)
        case .burn(let e): .burn(e)
        case .swap(let e): .swap(e)
        case .sync(let e): .sync(e)
        case .pairSwap(let e): .pairSwap(e)
        }
    }

    var applied: AppliedEvent {
        let event: MarketEvent.Payload = switch payload {
        case .poolCreated(let e): .poolCreated(e)
        case .initialize(let e): .initialize(e)
        case .mint(let e): .mint(e)
        case .burn(let e): .burn(e)
        case .swap(let e): .swap(e)
        case .sync(let e): .sync(e)
        case .pairSwap(let e): .pairSwap(e)
        }
        return AppliedEvent(sequence: sequence, event: MarketEvent(context: context, payload: event))
    }

    enum CodingKeys: String, CodingKey { case sequence, context, kind, payload }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try c.decode(UInt64.self, forKey: .sequence)
        context = try c.decode(EventContext.self, forKey: .context)
        kind = try c.decode(MarketEvent.Kind.self, forKey: .kind)
        payload = switch kind {
        case .poolCreated: .poolCreated(try c.decode(MarketEvent.PoolCreated.self, forKey: .payload))
        case .initialize: .initialize(try c.decode(MarketEvent.Initialize.self, forKey: .payload))
        case .mint: .mint(try c.decode(MarketEvent.Mint.self, forKey: .payload))
        case .burn: .burn(try c.decode(MarketEvent.Burn.self, forKey: .payload))
        case .swap: .swap(try c.decode(MarketEvent.Swap.self, forKey: .payload))
        case .sync: .sync(try c.decode(MarketEvent.Sync.self, forKey: .payload))
        case .pairSwap: .pairSwap(try c.decode(MarketEvent.PairSwap.self, forKey: .payload))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(context, forKey: .context)
        try c.encode(kind, forKey: .kind)
        switch payload {
        case .poolCreated(let e): try c.encode(e, forKey: .payload)
        case .initialize(let e): try c.encode(e, forKey: .payload)
        case .mint(let e): try c.encode(e, forKey: .payload)
        case .burn(let e): try c.encode(e, forKey: .payload)
        case .swap(let e): try c.encode(e, forKey: .payload)
        case .sync(let e): try c.encode(e, forKey: .payload)
        case .pairSwap(let e): try c.encode(e, forKey: .payload)
        }
    }
}

/// A published batch on the Redis bus, its events as `StoredEvent`s.
struct BusMessage: Codable {
    var tokens: [Token]
    var events: [StoredEvent]
    /// Absent in messages from replicas that predate it.
    var indexer: IndexerStatus?

    init(_ batch: PublishedBatch) {
        tokens = batch.tokens
        events = batch.events.map(StoredEvent.init)
        indexer = batch.indexer
    }

    var batch: PublishedBatch { PublishedBatch(tokens: tokens, events: events.map(\.applied), indexer: indexer) }
}
