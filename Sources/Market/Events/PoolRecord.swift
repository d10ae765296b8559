/// A pool as the market knows it: its identity from `PoolCreated`, its swap state once
/// initialized (concentrated pools have none before `Initialize`), and when it last changed.
public struct PoolRecord: Sendable, Hashable {
    public var address: Address
    public var kind: Pool.Kind
    public var token0: Address
    public var token1: Address
    public var fee: UInt32
    public var tickSpacing: Int32?
    public var state: Pool?
    public var createdBlock: UInt64
    public var createdAt: Int64
    /// The sequence of the last event that changed this pool.
    public var lastSequence: UInt64

    public init(address: Address, kind: Pool.Kind, token0: Address, token1: Address, fee: UInt32, tickSpacing: Int32?,
                state: Pool?, createdBlock: UInt64, createdAt: Int64, lastSequence: UInt64) {
        self.address = address
        self.kind = kind
        self.token0 = token0
        self.token1 = token1
        self.fee = fee
        self.tickSpacing = tickSpacing
        self.state = state
        self.createdBlock = createdBlock
        self.createdAt = createdAt
        self.lastSequence = lastSequence
    }

    /// The pool as routers see it; nil until it can be swapped against.
    public var marketPool: MarketPool? {
        state.map { MarketPool(address: address, token0: token0, token1: token1, state: $0) }
    }
}

/// A liquidity position: `(pool, owner, tickLower, tickUpper)` as the pool keys it.
public struct PositionKey: Sendable, Hashable, Comparable, Codable {
    public var pool: Address
    public var owner: Address
    public var tickLower: Int32
    public var tickUpper: Int32

    public init(pool: Address, owner: Address, tickLower: Int32, tickUpper: Int32) {
        self.pool = pool
        self.owner = owner
        self.tickLower = tickLower
        self.tickUpper = tickUpper
    }

    public static func < (a: PositionKey, b: PositionKey) -> Bool {
        (a.owner, a.pool, a.tickLower, a.tickUpper) < (b.owner, b.pool, b.tickLower, b.tickUpper)
    }
}
