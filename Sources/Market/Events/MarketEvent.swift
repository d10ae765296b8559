import DEXMath

/// A chain event that changes the market: the Uniswap-v3 pool set plus the constant-product
/// (v2) pair's `Sync` and `Swap`. Every source (the simulated devnet market, the JSON-RPC
/// indexer) produces these, and `MarketState.apply` is the one code path that consumes them.
public struct MarketEvent: Sendable, Hashable {
    public var context: EventContext
    public var payload: Payload

    public init(context: EventContext, payload: Payload) {
        self.context = context
        self.payload = payload
    }

    public enum Payload: Sendable, Hashable {
        case poolCreated(PoolCreated)
        case initialize(Initialize)
        case mint(Mint)
        case burn(Burn)
        case swap(Swap)
        case sync(Sync)
        case pairSwap(PairSwap)
    }

    public var id: EventID { context.id }

    /// The pool the event belongs to.
    public var pool: Address {
        switch payload {
        case .poolCreated(let e): e.pool
        case .initialize(let e): e.pool
        case .mint(let e): e.pool
        case .burn(let e): e.pool
        case .swap(let e): e.pool
        case .sync(let e): e.pool
        case .pairSwap(let e): e.pool
        }
    }

    public var kind: Kind {
        switch payload {
        case .poolCreated: .poolCreated
        case .initialize: .initialize
        case .mint: .mint
        case .burn: .burn
        case .swap: .swap
        case .sync: .sync
        case .pairSwap: .pairSwap
        }
    }

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case poolCreated, initialize, mint, burn, swap, sync, pairSwap
    }
}

extension MarketEvent {
    /// Factory `PoolCreated(token0, token1, fee, tickSpacing, pool)`, or a v2 factory's
    /// `PairCreated` (kind constantProduct, no tick spacing).
    public struct PoolCreated: Sendable, Hashable, Codable {
        public var pool: Address
        public var kind: Pool.Kind
        public var token0: Address
        public var token1: Address
        public var fee: UInt32
        public var tickSpacing: Int32?

        /// `poolKind` in JSON: a stored event's `kind` is the event's.
        enum CodingKeys: String, CodingKey {
            case pool, kind = "poolKind", token0, token1, fee, tickSpacing
        }

        public init(pool: Address, kind: Pool.Kind, token0: Address, token1: Address, fee: UInt32, tickSpacing: Int32?) {
            self.pool = pool
            self.kind = kind
            self.token0 = token0
            self.token1 = token1
            self.fee = fee
            self.tickSpacing = tickSpacing
        }
    }

    /// `Initialize(sqrtPriceX96, tick)`.
    public struct Initialize: Sendable, Hashable, Codable {
        public var pool: Address
        public var sqrtPriceX96: UInt256
        public var tick: Int32

        public init(pool: Address, sqrtPriceX96: UInt256, tick: Int32) {
            self.pool = pool
            self.sqrtPriceX96 = sqrtPriceX96
            self.tick = tick
        }
    }

    /// `Mint(sender, owner, tickLower, tickUpper, amount, amount0, amount1)`.
    public struct Mint: Sendable, Hashable {
        public var pool: Address
        public var sender: Address
        public var owner: Address
        public var tickLower: Int32
        public var tickUpper: Int32
        public var amount: UInt128
        public var amount0: UInt256
        public var amount1: UInt256

        public init(pool: Address, sender: Address, owner: Address, tickLower: Int32, tickUpper: Int32, amount: UInt128, amount0: UInt256, amount1: UInt256) {
            self.pool = pool
            self.sender = sender
            self.owner = owner
            self.tickLower = tickLower
            self.tickUpper = tickUpper
            self.amount = amount
            self.amount0 = amount0
            self.amount1 = amount1
        }
    }

    /// `Burn(owner, tickLower, tickUpper, amount, amount0, amount1)`.
    public struct Burn: Sendable, Hashable {
        public var pool: Address
        public var owner: Address
        public var tickLower: Int32
        public var tickUpper: Int32
        public var amount: UInt128
        public var amount0: UInt256
        public var amount1: UInt256

        public init(pool: Address, owner: Address, tickLower: Int32, tickUpper: Int32, amount: UInt128, amount0: UInt256, amount1: UInt256) {
            self.pool = pool
            self.owner = owner
            self.tickLower = tickLower
            self.tickUpper = tickUpper
            self.amount = amount
            self.amount0 = amount0
            self.amount1 = amount1
        }
    }

    /// `Swap(sender, recipient, amount0, amount1, sqrtPriceX96, liquidity, tick)`: the pool's
    /// deltas (positive = paid into the pool) and the state it left, applied as is.
    public struct Swap: Sendable, Hashable {
        public var pool: Address
        public var sender: Address
        public var recipient: Address
        public var amount0: Int256
        public var amount1: Int256
        public var sqrtPriceX96: UInt256
        public var liquidity: UInt128
        public var tick: Int32

        public init(pool: Address, sender: Address, recipient: Address, amount0: Int256, amount1: Int256, sqrtPriceX96: UInt256, liquidity: UInt128, tick: Int32) {
            self.pool = pool
            self.sender = sender
            self.recipient = recipient
            self.amount0 = amount0
            self.amount1 = amount1
            self.sqrtPriceX96 = sqrtPriceX96
            self.liquidity = liquidity
            self.tick = tick
        }
    }

    /// A constant-product pair's `Sync(reserve0, reserve1)`: its reserves after any change.
    public struct Sync: Sendable, Hashable, Codable {
        public var pool: Address
        public var reserve0: UInt256
        public var reserve1: UInt256

        public init(pool: Address, reserve0: UInt256, reserve1: UInt256) {
            self.pool = pool
            self.reserve0 = reserve0
            self.reserve1 = reserve1
        }
    }

    /// A constant-product pair's `Swap(sender, amount0In, amount1In, amount0Out, amount1Out, to)`;
    /// the reserves come with the `Sync` logged just before it.
    public struct PairSwap: Sendable, Hashable, Codable {
        public var pool: Address
        public var sender: Address
        public var recipient: Address
        public var amount0In: UInt256
        public var amount1In: UInt256
        public var amount0Out: UInt256
        public var amount1Out: UInt256

        public init(pool: Address, sender: Address, recipient: Address, amount0In: UInt256, amount1In: UInt256, amount0Out: UInt256, amount1Out: UInt256) {
            self.pool = pool
            self.sender = sender
            self.recipient = recipient
            self.amount0In = amount0In
            self.amount1In = amount1In
            self.amount0Out = amount0Out
            self.amount1Out = amount1Out
        }
    }
}
