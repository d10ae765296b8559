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
}
