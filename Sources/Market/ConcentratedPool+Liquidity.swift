import DEXMath

extension ConcentratedPool {
    /// Adds (mint, delta > 0) or removes (burn, delta < 0) liquidity over [tickLower, tickUpper)
    /// as `UniswapV3Pool._modifyPosition` does, returning the token amounts owed to the pool
    /// (positive, rounded up) or owed to the owner (negative, rounded down). All or nothing:
    /// on any error the pool is unchanged.
    @discardableResult
    public mutating func modifyLiquidity(tickLower: Int32, tickUpper: Int32, liquidityDelta: Int128) throws(DEXMathError) -> (amount0: Int256, amount1: Int256) {
        guard tickLower < tickUpper, tickLower >= TickMath.minTick, tickUpper <= TickMath.maxTick else { throw .invalidTickRange }
        if liquidityDelta == 0 { return (.zero, .zero) }
        guard tickLower % tickSpacing == 0, tickUpper % tickSpacing == 0 else { throw .tickNotOnSpacing }

        var table = tickTable
        let maxLiquidity = TickTable.maxLiquidityPerTick(tickSpacing: tickSpacing)
        try table.update(tickLower, liquidityDelta: liquidityDelta, upper: false, maxLiquidity: maxLiquidity)
        try table.update(tickUpper, liquidityDelta: liquidityDelta, upper: true, maxLiquidity: maxLiquidity)

        let priceLower = try TickMath.sqrtPriceAtTick(tickLower)
        let priceUpper = try TickMath.sqrtPriceAtTick(tickUpper)
        var amount0 = Int256.zero
        var amount1 = Int256.zero
        var active = liquidity
        if tick < tickLower {
            // Entirely above the price: the position holds only token0.
            amount0 = try SqrtPriceMath.amount0Delta(priceLower, priceUpper, liquidity: liquidityDelta)
        } else if tick < tickUpper {
            amount0 = try SqrtPriceMath.amount0Delta(sqrtPriceX96, priceUpper, liquidity: liquidityDelta)
            amount1 = try SqrtPriceMath.amount1Delta(priceLower, sqrtPriceX96, liquidity: liquidityDelta)
            active = try LiquidityMath.addDelta(active, liquidityDelta)
        } else {
            // Entirely below the price: only token1.
            amount1 = try SqrtPriceMath.amount1Delta(priceLower, priceUpper, liquidity: liquidityDelta)
        }
        tickTable = table
        liquidity = active
        return (amount0, amount1)
    }

    /// `UniswapV3Pool.mint`: amounts the minter pays.
    @discardableResult
    public mutating func mint(tickLower: Int32, tickUpper: Int32, amount: UInt128) throws(DEXMathError) -> (amount0: UInt256, amount1: UInt256) {
        guard amount > 0 else { throw .insufficientAmount }
        guard amount <= UInt128(Int128.max) else { throw .overflow }
        let (a0, a1) = try modifyLiquidity(tickLower: tickLower, tickUpper: tickUpper, liquidityDelta: Int128(amount))
        return (a0.magnitude, a1.magnitude)
    }

    /// `UniswapV3Pool.burn`: amounts released to the owner.
    @discardableResult
    public mutating func burn(tickLower: Int32, tickUpper: Int32, amount: UInt128) throws(DEXMathError) -> (amount0: UInt256, amount1: UInt256) {
        guard amount <= UInt128(Int128.max) else { throw .overflow }
        let (a0, a1) = try modifyLiquidity(tickLower: tickLower, tickUpper: tickUpper, liquidityDelta: -Int128(amount))
        return (a0.magnitude, a1.magnitude)
    }
}
