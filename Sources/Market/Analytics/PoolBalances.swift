import DEXMath

/// The token amounts a pool's liquidity holds at its current price: what its TVL is made of.
/// For a concentrated pool, each range between initialized ticks holds token0 above the price,
/// token1 below, and both where the price sits (whitepaper 6.29–6.30), rounded down.
public enum PoolBalances {
    public static func of(_ pool: Pool) -> (amount0: UInt256, amount1: UInt256) {
        switch pool {
        case .constantProduct(let pair): (pair.reserve0, pair.reserve1)
        case .concentrated(let pool): (try? concentrated(pool)) ?? (.zero, .zero)
        }
    }

    /// Amounts of a position's `liquidity` over [tickLower, tickUpper) at the pool's price.
    public static func position(liquidity: UInt128, tickLower: Int32, tickUpper: Int32, in pool: ConcentratedPool) throws(DEXMathError) -> (amount0: UInt256, amount1: UInt256) {
        try range(liquidity: liquidity, lower: TickMath.sqrtPriceAtTick(tickLower), upper: TickMath.sqrtPriceAtTick(tickUpper), price: pool.sqrtPriceX96)
    }

    static func concentrated(_ pool: ConcentratedPool) throws(DEXMathError) -> (amount0: UInt256, amount1: UInt256) {
        var total0 = UInt256.zero
        var total1 = UInt256.zero
        var active = Int256.zero
        let ticks = pool.ticks
        for (index, tick) in ticks.enumerated() where index + 1 < ticks.count {
            active = try active + Int256(tick.liquidityNet)
            guard let liquidity = active.exactUInt256?.exactUInt128, liquidity > 0 else { continue }
            let (amount0, amount1) = try range(liquidity: liquidity, lower: TickMath.sqrtPriceAtTick(tick.index),
                                               upper: TickMath.sqrtPriceAtTick(ticks[index + 1].index), price: pool.sqrtPriceX96)
            total0 = try total0 + amount0
            total1 = try total1 + amount1
        }
        return (total0, total1)
    }

    private static func range(liquidity: UInt128, lower: UInt256, upper: UInt256, price: UInt256) throws(DEXMathError) -> (amount0: UInt256, amount1: UInt256) {
        if price <= lower {
            return (try SqrtPriceMath.amount0Delta(lower, upper, liquidity: liquidity, roundUp: false), .zero)
        }
        if price >= upper {
            return (.zero, try SqrtPriceMath.amount1Delta(lower, upper, liquidity: liquidity, roundUp: false))
        }
        return (try SqrtPriceMath.amount0Delta(price, upper, liquidity: liquidity, roundUp: false),
                try SqrtPriceMath.amount1Delta(lower, price, liquidity: liquidity, roundUp: false))
    }
}
