import DEXMath

/// The market built from events: tokens, pools and positions at `sequence`. `apply` is the one
/// code path every event source goes through; it is all-or-nothing per event, and an event
/// whose identity was applied before (within the trailing day, `RecentEventIDs`) changes nothing.
public struct MarketState: Sendable {
    public let chainId: UInt64
    public private(set) var sequence: UInt64
    public private(set) var tokens: [Address: Token]
    public private(set) var pools: [Address: PoolRecord]
    public private(set) var positions: [PositionKey: UInt128]
    /// The newest block an applied event came from.
    public private(set) var blockNumber: UInt64
    public private(set) var timestamp: Int64
    private var applied: RecentEventIDs

    public init(chainId: UInt64) {
        self.init(chainId: chainId, sequence: 0, tokens: [], pools: [], positions: [:], blockNumber: 0, timestamp: 0)
    }

    /// A market restored from storage at `sequence`.
    public init(chainId: UInt64, sequence: UInt64, tokens: [Token], pools: [PoolRecord], positions: [PositionKey: UInt128],
                blockNumber: UInt64, timestamp: Int64, recentEvents: RecentEventIDs = RecentEventIDs()) {
        self.chainId = chainId
        self.sequence = sequence
        self.tokens = Dictionary(tokens.map { ($0.address, $0) }, uniquingKeysWith: { _, last in last })
        self.pools = Dictionary(pools.map { ($0.address, $0) }, uniquingKeysWith: { _, last in last })
        self.positions = positions
        self.blockNumber = blockNumber
        self.timestamp = timestamp
        self.applied = recentEvents
    }

    /// Token metadata is not an event: sources register it (from their token list or the
    /// token contracts) before the pools that use it.
    public mutating func register(_ token: Token) {
        tokens[token.address] = token
    }

    public func hasApplied(_ event: MarketEvent) -> Bool { applied.contains(event.id, at: event.context.timestamp) }

    /// Applies `event` and returns it numbered, or nil when it was applied before.
    @discardableResult
    public mutating func apply(_ event: MarketEvent) throws(MarketEventError) -> AppliedEvent? {
        guard event.context.chainId == chainId else { throw .wrongChain(expected: chainId, got: event.context.chainId) }
        guard !hasApplied(event) else { return nil }
        let next = sequence + 1
        var record = try changedRecord(for: event)
        record.lastSequence = next
        if case .mint(let mint) = event.payload { positions[mint.positionKey, default: 0] += mint.amount }
        if case .burn(let burn) = event.payload {
            let remaining = positions[burn.positionKey, default: 0] - burn.amount
            positions[burn.positionKey] = remaining == 0 ? nil : remaining
        }
        pools[record.address] = record
        applied.insert(event.id, at: event.context.timestamp)
        sequence = next
        blockNumber = max(blockNumber, event.context.blockNumber)
        timestamp = max(timestamp, event.context.timestamp)
        return AppliedEvent(sequence: next, event: event)
    }

    /// The pool's record after `event`, computed without touching `self`.
    private func changedRecord(for event: MarketEvent) throws(MarketEventError) -> PoolRecord {
        if case .poolCreated(let created) = event.payload { return try newPool(created, context: event.context) }
        guard var record = pools[event.pool] else { throw .unknownPool(event.pool) }
        switch event.payload {
        case .poolCreated:
            preconditionFailure("handled above")
        case .initialize(let initialize):
            guard record.kind == .concentrated, let spacing = record.tickSpacing else { throw .kindMismatch(pool: record.address, event: .initialize) }
            guard record.state == nil else { throw .alreadyInitialized(record.address) }
            record.state = .concentrated(try math(record.address) { () throws(DEXMathError) in
                try ConcentratedPool(fee: record.fee, tickSpacing: spacing, initialSqrtPriceX96: initialize.sqrtPriceX96)
            })
        case .mint(let mint):
            var pool = try concentrated(record, for: .mint)
            _ = try math(record.address) { () throws(DEXMathError) in try pool.mint(tickLower: mint.tickLower, tickUpper: mint.tickUpper, amount: mint.amount) }
            record.state = .concentrated(pool)
        case .burn(let burn):
            var pool = try concentrated(record, for: .burn)
            let held = positions[burn.positionKey, default: 0]
            guard held >= burn.amount else { throw .positionTooSmall(burn.positionKey, has: held, burn: burn.amount) }
            _ = try math(record.address) { () throws(DEXMathError) in try pool.burn(tickLower: burn.tickLower, tickUpper: burn.tickUpper, amount: burn.amount) }
            record.state = .concentrated(pool)
        case .swap(let swap):
            var pool = try concentrated(record, for: .swap)
            pool.apply(sqrtPriceX96: swap.sqrtPriceX96, tick: swap.tick, liquidity: swap.liquidity)
            record.state = .concentrated(pool)
        case .sync(let sync):
            guard record.kind == .constantProduct else { throw .kindMismatch(pool: record.address, event: .sync) }
            record.state = .constantProduct(try math(record.address) { () throws(DEXMathError) in
                try ConstantProductPool(fee: record.fee, reserve0: sync.reserve0, reserve1: sync.reserve1)
            })
        case .pairSwap:
            // The reserves arrive with the Sync logged before it; the swap itself is history.
            guard record.kind == .constantProduct else { throw .kindMismatch(pool: record.address, event: .pairSwap) }
        }
        return record
    }

    private func newPool(_ created: MarketEvent.PoolCreated, context: EventContext) throws(MarketEventError) -> PoolRecord {
        guard pools[created.pool] == nil else { throw .poolExists(created.pool) }
        guard tokens[created.token0] != nil else { throw .unknownToken(created.token0) }
        guard tokens[created.token1] != nil else { throw .unknownToken(created.token1) }
        guard created.token0 < created.token1 else { throw .tokensNotOrdered(pool: created.pool) }
        guard created.fee < 1_000_000 else { throw .math(pool: created.pool, .invalidFee) }
        switch created.kind {
        case .concentrated:
            guard let spacing = created.tickSpacing, spacing > 0, spacing <= 16384 else { throw .math(pool: created.pool, .invalidPoolState) }
        case .constantProduct:
            guard created.tickSpacing == nil else { throw .kindMismatch(pool: created.pool, event: .poolCreated) }
        }
        return PoolRecord(address: created.pool, kind: created.kind, token0: created.token0, token1: created.token1,
                          fee: created.fee, tickSpacing: created.tickSpacing, state: nil,
                          createdBlock: context.blockNumber, createdAt: context.timestamp, lastSequence: 0)
    }

    private func concentrated(_ record: PoolRecord, for kind: MarketEvent.Kind) throws(MarketEventError) -> ConcentratedPool {
        guard record.kind == .concentrated else { throw .kindMismatch(pool: record.address, event: kind) }
        guard case .concentrated(let pool) = record.state else { throw .notInitialized(record.address) }
        return pool
    }

    private func math<T>(_ pool: Address, _ body: () throws(DEXMathError) -> T) throws(MarketEventError) -> T {
        do { return try body() } catch { throw .math(pool: pool, error) }
    }
}

/// An event as applied: the sequence number it advanced the market to.
public struct AppliedEvent: Sendable, Hashable, Codable {
    public var sequence: UInt64
    public var event: MarketEvent

    public init(sequence: UInt64, event: MarketEvent) {
        self.sequence = sequence
        self.event = event
    }
}

extension MarketEvent.Mint {
    public var positionKey: PositionKey { PositionKey(pool: pool, owner: owner, tickLower: tickLower, tickUpper: tickUpper) }
}

extension MarketEvent.Burn {
    public var positionKey: PositionKey { PositionKey(pool: pool, owner: owner, tickLower: tickLower, tickUpper: tickUpper) }
}
