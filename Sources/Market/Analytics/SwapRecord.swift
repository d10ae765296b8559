import DEXMath

/// A swap as history keeps it: the pool's signed deltas (positive = paid into the pool), the
/// state it left and a display price and USD size derived when it was recorded.
public struct SwapRecord: Sendable, Hashable {
    public var sequence: UInt64
    public var pool: Address
    public var txHash: Hash32
    public var logIndex: UInt32
    public var blockNumber: UInt64
    public var timestamp: Int64
    public var sender: Address
    public var recipient: Address
    public var amount0: Int256
    public var amount1: Int256
    /// Nil for constant-product pools.
    public var sqrtPriceX96: UInt256?
    public var tick: Int32?
    public var liquidity: UInt128?
    /// token1 per token0 in whole tokens after the swap.
    public var price: Double
    public var amountUsd: Double?

    public init(sequence: UInt64, pool: Address, txHash: Hash32, logIndex: UInt32, blockNumber: UInt64, timestamp: Int64,
                sender: Address, recipient: Address, amount0: Int256, amount1: Int256, sqrtPriceX96: UInt256?, tick: Int32?,
                liquidity: UInt128?, price: Double, amountUsd: Double?) {
        self.sequence = sequence
        self.pool = pool
        self.txHash = txHash
        self.logIndex = logIndex
        self.blockNumber = blockNumber
        self.timestamp = timestamp
        self.sender = sender
        self.recipient = recipient
        self.amount0 = amount0
        self.amount1 = amount1
        self.sqrtPriceX96 = sqrtPriceX96
        self.tick = tick
        self.liquidity = liquidity
        self.price = price
        self.amountUsd = amountUsd
    }
}
