import DEXMath

/// The state of a Uniswap-v3-style pool that swaps depend on: slot0's price and tick, the active
/// liquidity and the initialized ticks. Fee growth and oracle state are not modelled: they
/// never change a swap's amounts.
public struct ConcentratedPool: Sendable, Hashable {
    /// Fee in hundredths of a basis point (3000 = 0.30 %).
    public let fee: UInt32
    public var tickSpacing: Int32 { tickTable.tickSpacing }
    public internal(set) var sqrtPriceX96: UInt256
    public internal(set) var tick: Int32
    /// Liquidity of the positions whose range contains the current tick.
    public internal(set) var liquidity: UInt128
    public internal(set) var tickTable: TickTable

    public var ticks: [TickInfo] { tickTable.ticks }

    /// A pool from stored state, checked for consistency: the tick must be the one its price
    /// lies in (or the one just below, after a downward swap stopped exactly on a tick), and the
    /// active liquidity must equal the sum of liquidityNet at or below the tick.
    public init(fee: UInt32, tickSpacing: Int32, sqrtPriceX96: UInt256, tick: Int32, liquidity: UInt128, ticks: [TickInfo]) throws(DEXMathError) {
        guard UInt64(fee) < SwapMath.feeDenominator else { throw .invalidFee }
        guard tickSpacing > 0, tickSpacing <= 16384 else { throw .invalidPoolState }
        let priceTick = try TickMath.tickAtSqrtPrice(sqrtPriceX96)
        let onTickBoundary = try TickMath.sqrtPriceAtTick(priceTick) == sqrtPriceX96
        guard tick == priceTick || (tick == priceTick - 1 && onTickBoundary) else { throw .invalidPoolState }
        let table = try TickTable(tickSpacing: tickSpacing, ticks: ticks)
        var active = Int256.zero
        for info in ticks where info.index <= tick { active = try active + Int256(info.liquidityNet) }
        guard let activeLiquidity = active.exactUInt256?.exactUInt128, activeLiquidity == liquidity else { throw .invalidPoolState }
        self.fee = fee
        self.sqrtPriceX96 = sqrtPriceX96
        self.tick = tick
        self.liquidity = liquidity
        self.tickTable = table
    }

    /// A freshly initialized pool (`UniswapV3Pool.initialize`): no liquidity, tick from the price.
    public init(fee: UInt32, tickSpacing: Int32, initialSqrtPriceX96: UInt256) throws(DEXMathError) {
        try self.init(fee: fee, tickSpacing: tickSpacing, sqrtPriceX96: initialSqrtPriceX96,
                      tick: try TickMath.tickAtSqrtPrice(initialSqrtPriceX96), liquidity: 0, ticks: [])
    }

    /// Sets the state a swap left behind: what a `Swap` event reports, applied as is.
    public mutating func apply(sqrtPriceX96: UInt256, tick: Int32, liquidity: UInt128) {
        self.sqrtPriceX96 = sqrtPriceX96
        self.tick = tick
        self.liquidity = liquidity
    }

    public mutating func apply(_ swap: PoolSwapResult) {
        apply(sqrtPriceX96: swap.sqrtPriceX96, tick: swap.tick, liquidity: swap.liquidity)
    }
}
