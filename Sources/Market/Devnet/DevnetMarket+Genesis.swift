import DEXMath

extension DevnetMarket {
    /// Reference liquidity for sizing a range: amounts are linear in L, so
    /// L = L_ref · target / value(L_ref). 2^96 keeps the narrowest stable range's amounts far
    /// above rounding.
    static let referenceLiquidity: UInt128 = 1 << 96

    /// Every pool created at the fair price, then seeded with its liquidity providers' positions:
    /// for a concentrated pool, narrow, medium and wide ranges around the price from several
    /// owners plus one full-range position (so the pool always has liquidity at any price); for
    /// a constant-product pair, reserves worth its depth at the fair price.
    mutating func buildGenesis(into block: inout BlockBuilder) throws {
        var genesisRandom = SyntheticRandom(seed: configuration.seed, stream: 0xDE7_0002)
        for pool in pools {
            block.beginTransaction()
            emit(.poolCreated(.init(pool: pool.address, kind: pool.kind, token0: pool.token0, token1: pool.token1,
                                    fee: pool.fee, tickSpacing: pool.tickSpacing)), into: &block)
            let fairTick = prices.poolTick(pool.index0, pool.index1)
            let tvlE18 = try UInt256(pool.genesisTvlUsd) * DevnetIntegers.powerOfTen(18)
            switch pool.kind {
            case .concentrated:
                emit(.initialize(.init(pool: pool.address, sqrtPriceX96: try TickMath.sqrtPriceAtTick(fairTick), tick: fairTick)), into: &block)
                try seedPositions(pool, tvlE18: tvlE18, rng: &genesisRandom, into: &block)
            case .constantProduct:
                // Half the value on each side: reserve0 worth tvl/2, reserve1 = reserve0 · price.
                let reserve0 = try FullMath.mulDiv(tvlE18 >> 1, DevnetIntegers.q96,
                                                   try DevnetIntegers.priceX96(tick: prices.ticks[pool.index0]) * DevnetIntegers.powerOfTen(18))
                let reserve1 = try FullMath.mulDiv(reserve0, try DevnetIntegers.priceX96(tick: fairTick), DevnetIntegers.q96)
                emit(.sync(.init(pool: pool.address, reserve0: reserve0, reserve1: reserve1)), into: &block)
            }
        }
    }

    private mutating func seedPositions(_ pool: DevnetPool, tvlE18: UInt256, rng: inout SyntheticRandom, into block: inout BlockBuilder) throws {
        guard let spacing = pool.tickSpacing, case .concentrated(let state) = self.state.pools[pool.address]?.state else { return }
        // Shares of the depth by range: most liquidity sits in the medium ranges, as on v3.
        let classWeights: [UInt64] = [3, 4, 3]
        var ranges: [(lower: Int32, upper: Int32, weight: UInt64, owner: Address)] = []
        for (halfWidth, weight) in zip(pool.shape.halfWidths, classWeights) {
            let count = 1 + rng.below(3)
            for _ in 0..<count {
                let half = max(1, halfWidth * Int32(75 + rng.below(51)) / 100)
                let (lower, upper) = Self.range(around: state.tick, halfWidth: half, spacing: spacing)
                ranges.append((lower, upper, weight * 12 / UInt64(count), liquidityProviders[rng.below(liquidityProviders.count)]))
            }
        }
        let (fullLower, fullUpper) = Self.fullRange(spacing: spacing)
        ranges.append((fullLower, fullUpper, 2 * 12, liquidityProviders[rng.below(liquidityProviders.count)]))

        let totalWeight = ranges.reduce(UInt64(0)) { $0 + $1.weight }
        for range in ranges {
            let target = try FullMath.mulDiv(tvlE18, UInt256(range.weight), UInt256(totalWeight))
            guard let liquidity = try liquidity(worth: target, in: pool, lower: range.lower, upper: range.upper) else { continue }
            try mint(pool, owner: range.owner, lower: range.lower, upper: range.upper, liquidity: liquidity, into: &block)
        }
    }

    /// The liquidity over [lower, upper) worth `targetE18` USD at the pool's current price and
    /// the fair token prices; nil when that rounds to nothing.
    func liquidity(worth targetE18: UInt256, in pool: DevnetPool, lower: Int32, upper: Int32) throws -> UInt128? {
        guard let spacing = pool.tickSpacing, case .concentrated(let state) = self.state.pools[pool.address]?.state else { return nil }
        let (amount0, amount1) = try LiquidityAmounts.amountsForLiquidity(
            sqrtPriceX96: state.sqrtPriceX96, sqrtRatioAX96: try TickMath.sqrtPriceAtTick(lower),
            sqrtRatioBX96: try TickMath.sqrtPriceAtTick(upper), liquidity: Self.referenceLiquidity)
        let value = try DevnetIntegers.usdE18(amount: amount0, rawTick: prices.ticks[pool.index0])
            + DevnetIntegers.usdE18(amount: amount1, rawTick: prices.ticks[pool.index1])
        guard !value.isZero else { return nil }
        // A sixteenth of the per-tick maximum: however many positions share a tick, no mint can
        // push it past the pool's limit.
        let cap = UInt256(TickTable.maxLiquidityPerTick(tickSpacing: spacing) / 16)
        let liquidity = min(cap, try FullMath.mulDiv(UInt256(Self.referenceLiquidity), targetE18, value))
        guard !liquidity.isZero, let exact = liquidity.exactUInt128 else { return nil }
        return exact
    }

    /// Mints as the owner's own transaction, the amounts being what the pool's math charges.
    mutating func mint(_ pool: DevnetPool, owner: Address, lower: Int32, upper: Int32, liquidity: UInt128, into block: inout BlockBuilder) throws {
        guard case .concentrated(var state) = self.state.pools[pool.address]?.state else { return }
        let (amount0, amount1) = try state.mint(tickLower: lower, tickUpper: upper, amount: liquidity)
        block.beginTransaction()
        emit(.mint(.init(pool: pool.address, sender: owner, owner: owner, tickLower: lower, tickUpper: upper,
                         amount: liquidity, amount0: amount0, amount1: amount1)), into: &block)
    }

    /// A range on the spacing grid that contains `tick`, about `halfWidth` ticks each side.
    static func range(around tick: Int32, halfWidth: Int32, spacing: Int32) -> (Int32, Int32) {
        let (minUsable, maxUsable) = fullRange(spacing: spacing)
        let lower = max(minUsable, DevnetIntegers.floor(tick - halfWidth, spacing))
        let upper = min(maxUsable, DevnetIntegers.ceil(tick + 1 + halfWidth, spacing))
        return (lower, upper)
    }

    static func fullRange(spacing: Int32) -> (Int32, Int32) {
        (TickMath.minTick / spacing * spacing, TickMath.maxTick / spacing * spacing)
    }
}
