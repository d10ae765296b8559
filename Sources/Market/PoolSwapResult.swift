import DEXMath

/// What `UniswapV3Pool.swap` returns and leaves behind.
public struct PoolSwapResult: Sendable, Hashable {
    /// The pool's balance changes: positive is paid in by the swapper, negative paid out.
    public var amount0: Int256
    public var amount1: Int256
    public var sqrtPriceX96: UInt256
    public var tick: Int32
    public var liquidity: UInt128
    /// Initialized ticks crossed (each changes the active liquidity and costs gas).
    public var ticksCrossed: Int
    /// Total fee paid, in the input token (part of the input amount).
    public var feeAmount: UInt256

    public init(amount0: Int256, amount1: Int256, sqrtPriceX96: UInt256, tick: Int32, liquidity: UInt128, ticksCrossed: Int, feeAmount: UInt256) {
        self.amount0 = amount0
        self.amount1 = amount1
        self.sqrtPriceX96 = sqrtPriceX96
        self.tick = tick
        self.liquidity = liquidity
        self.ticksCrossed = ticksCrossed
        self.feeAmount = feeAmount
    }
}
