import DEXMath

extension DevnetMarket {
    /// A trader accepts at most this much price movement (1 %): a larger swap would fail its
    /// slippage check on chain, so the simulation does not make it.
    static let maxTraderImpactTicks: Int32 = 100
    /// An arbitrage swap's exact input when its price limit is what stops it.
    static let unboundedInput = Int256(exactly: UInt256.one << 200)!

    /// How many trader swaps this block gets: binomial with mean `swapsPerSecond · blockTime`,
    /// Poisson-like for small rates, decided by integer draws.
    mutating func traderSwapCount() -> Int {
        let milli = configuration.swapsPerBlockMilli
        guard milli > 0 else { return 0 }
        let trials = max(8, 4 * ((milli + 999) / 1000))
        var count = 0
        for _ in 0..<trials where rng.below(trials * 1000) < milli { count += 1 }
        return count
    }

    /// One trader swap in a pool picked by activity, of a log-uniform USD size, in a random
    /// direction, exact input or (a third of the time) exact output. Skipped when the pool could
    /// not fill it within the trader's slippage.
    mutating func traderSwap(into block: inout BlockBuilder) {
        let index = rng.weighted(activities)
        let pool = pools[index]
        let zeroForOne = rng.below(2) == 0
        let exactOutput = rng.below(3) == 0
        let usdTick = Int32(rng.inRange(Int(tradeSizeTicks[index].lowerBound)...Int(tradeSizeTicks[index].upperBound)))
        let trader = traders[rng.below(traders.count)]
        // The specified token: input for exact input, output for exact output.
        let specifiedIndex = zeroForOne != exactOutput ? pool.index0 : pool.index1
        // usd / (usd per raw unit) = 1.0001^(usdTick − rawTick) raw units.
        guard let amount = try? DevnetIntegers.power(tick: usdTick - prices.ticks[specifiedIndex]), !amount.isZero,
              let magnitude = Int256(exactly: amount),
              let specified = exactOutput ? Int256.negative(magnitude: amount) : magnitude else { return }
        switch pool.kind {
        case .concentrated:
            let limit = zeroForOne ? TickMath.minSqrtRatio &+ .one : TickMath.maxSqrtRatio &- .one
            swapConcentrated(pool, zeroForOne: zeroForOne, amountSpecified: specified, limit: limit,
                             sender: router, recipient: trader, reason: .trader, into: &block)
        case .constantProduct:
            swapConstantProduct(pool, zeroForOne: zeroForOne, amountSpecified: specified, account: trader, sender: router,
                                reason: .trader, into: &block)
        }
    }

    /// Brings a pool whose price has left its fee band around the fair price back inside it, as
    /// an arbitrageur trading against the outside market would: it pays while the gap exceeds
    /// the fee, and stops halfway into the band. All pools of a pair converge on the same fair
    /// price, so this is also what keeps sibling pools (fee tiers, v2 pairs) in line.
    mutating func arbitrage(_ index: Int, into block: inout BlockBuilder) {
        let pool = pools[index]
        let fair = prices.poolTick(pool.index0, pool.index1)
        let band = Int32(max(1, pool.fee / 100))  // the fee in ticks (1 tick ≈ 1 bp)
        let trigger = band + max(1, band / 2)
        let arbitrageur = arbitrageurs[(index + Int(block.number)) % arbitrageurs.count]
        switch self.state.pools[pool.address]?.state {
        case .concentrated(let state):
            let zeroForOne: Bool
            if state.tick > fair + trigger { zeroForOne = true } else if state.tick < fair - trigger { zeroForOne = false } else { return }
            guard let limit = try? TickMath.sqrtPriceAtTick(DevnetIntegers.clamp(zeroForOne ? fair + band / 2 : fair - band / 2)) else { return }
            swapConcentrated(pool, zeroForOne: zeroForOne, amountSpecified: Self.unboundedInput, limit: limit,
                             sender: arbitrageur, recipient: arbitrageur, reason: .arbitrage, into: &block)
        case .constantProduct(let state):
            guard let trade = try? constantProductArbitrage(state, fair: fair, band: band, trigger: trigger) else { return }
            swapConstantProduct(pool, zeroForOne: trade.zeroForOne, amountSpecified: trade.amount, account: arbitrageur,
                                sender: arbitrageur, reason: .arbitrage, into: &block)
        case nil:
            return
        }
    }

    /// The v2 trade that moves the reserves' price to the near edge of the band: with k = r0·r1
    /// kept (the fee aside), reserve0 at price p is √(k/p).
    private func constantProductArbitrage(_ pair: ConstantProductPool, fair: Int32, band: Int32, trigger: Int32) throws -> (zeroForOne: Bool, amount: Int256)? {
        let (r0, r1) = (pair.reserve0, pair.reserve1)
        guard !r0.isZero, !r1.isZero else { return nil }
        // reserve1 that would put the pair exactly at 1.0001^tick: r0 · 1.0001^tick.
        func reserve1(at tick: Int32) throws -> UInt256 {
            try FullMath.mulDiv(r0, try DevnetIntegers.priceX96(tick: tick), DevnetIntegers.q96)
        }
        let zeroForOne: Bool
        if r1 > (try reserve1(at: fair + trigger)) { zeroForOne = true } else if r1 < (try reserve1(at: fair - trigger)) { zeroForOne = false } else { return nil }
        let targetSqrt = try TickMath.sqrtPriceAtTick(DevnetIntegers.clamp(zeroForOne ? fair + band / 2 : fair - band / 2))
        let k = try r0 * r1
        let target0 = DevnetIntegers.squareRoot(try FullMath.mulDiv(try FullMath.mulDiv(k, DevnetIntegers.q96, targetSqrt), DevnetIntegers.q96, targetSqrt))
        if zeroForOne {
            // Sell token0 until reserve0 reaches target0 (exact input).
            guard target0 > r0, let amount = Int256(exactly: target0 &- r0) else { return nil }
            return (true, amount)
        }
        // Buy token0 until reserve0 falls to target0 (exact output).
        guard target0 < r0, let amount = Int256.negative(magnitude: r0 &- target0) else { return nil }
        return (false, amount)
    }

    /// `UniswapV3Pool.swap` on the current state; emitted only when it fills as asked (an exact
    /// output in full, a trader's within slippage), moves tokens both ways, and stays in bounds.
    private mutating func swapConcentrated(_ pool: DevnetPool, zeroForOne: Bool, amountSpecified: Int256, limit: UInt256,
                                           sender: Address, recipient: Address, reason: DevnetTrade.Reason, into block: inout BlockBuilder) {
        guard case .concentrated(let state) = self.state.pools[pool.address]?.state,
              let result = try? state.swap(zeroForOne: zeroForOne, amountSpecified: amountSpecified, sqrtPriceLimitX96: limit)
        else { return }
        let (paid, received) = zeroForOne ? (result.amount0, result.amount1) : (result.amount1, result.amount0)
        guard !paid.isNegative, !paid.isZero, received.isNegative else { return }
        if reason == .trader {
            if amountSpecified.isNegative && received != amountSpecified { return }  // partial fill
            if result.sqrtPriceX96 == limit || abs(Int(result.tick) - Int(state.tick)) > Int(Self.maxTraderImpactTicks) { return }
        }
        block.beginTransaction()
        let id = emit(.swap(.init(pool: pool.address, sender: sender, recipient: recipient, amount0: result.amount0, amount1: result.amount1,
                                  sqrtPriceX96: result.sqrtPriceX96, liquidity: result.liquidity, tick: result.tick)), into: &block)
        block.trades.append(DevnetTrade(event: id, pool: pool.address, zeroForOne: zeroForOne, amountSpecified: amountSpecified,
                                        sqrtPriceLimitX96: limit, reason: reason))
    }

    /// A v2 pair's swap: `Sync` with the new reserves, then `Swap`, as the pair logs them.
    private mutating func swapConstantProduct(_ pool: DevnetPool, zeroForOne: Bool, amountSpecified: Int256, account: Address,
                                              sender: Address, reason: DevnetTrade.Reason, into block: inout BlockBuilder) {
        guard case .constantProduct(let state) = self.state.pools[pool.address]?.state,
              let result = try? state.swap(zeroForOne: zeroForOne, amountSpecified: amountSpecified)
        else { return }
        let (amountIn, amountOut) = zeroForOne ? (result.amount0, result.amount1) : (result.amount1, result.amount0)
        guard !amountIn.isZero, !amountIn.isNegative, amountOut.isNegative else { return }
        if reason == .trader {
            // The same 1 % slippage as on concentrated pools: ≈ an input of 0.5 % of the reserve.
            let reserveIn = zeroForOne ? state.reserve0 : state.reserve1
            guard let scaled = try? amountIn.magnitude * UInt256(200), scaled <= reserveIn else { return }
        }
        block.beginTransaction()
        emit(.sync(.init(pool: pool.address, reserve0: result.reserve0, reserve1: result.reserve1)), into: &block)
        let id = emit(.pairSwap(.init(pool: pool.address, sender: sender, recipient: account,
                                      amount0In: result.amount0.isNegative ? .zero : result.amount0.magnitude,
                                      amount1In: result.amount1.isNegative ? .zero : result.amount1.magnitude,
                                      amount0Out: result.amount0.isNegative ? result.amount0.magnitude : .zero,
                                      amount1Out: result.amount1.isNegative ? result.amount1.magnitude : .zero)), into: &block)
        block.trades.append(DevnetTrade(event: id, pool: pool.address, zeroForOne: zeroForOne, amountSpecified: amountSpecified,
                                        sqrtPriceLimitX96: nil, reason: reason))
    }
}
