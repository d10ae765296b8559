import DEXMath

extension DevnetMarket {
    /// About one mint every 30 blocks (a minute) and burns slightly more often, so the number of
    /// open positions levels off instead of growing without bound.
    static let mintOdds = (1, 30)
    static let burnOdds = (1, 24)

    /// Liquidity providers come and go: now and then one mints a range around a pool's current
    /// price, or burns (all or half of) a position opened earlier. A burn never exceeds what the
    /// owner holds: the amount is read from the market's own positions.
    mutating func changeLiquidity(into block: inout BlockBuilder) {
        if rng.below(Self.mintOdds.1) < Self.mintOdds.0 { try? mintAroundPrice(into: &block) }
        if !openPositions.isEmpty, rng.below(Self.burnOdds.1) < Self.burnOdds.0 { try? burnOpenPosition(into: &block) }
    }

    private mutating func mintAroundPrice(into block: inout BlockBuilder) throws {
        let index = concentratedPools[rng.weighted(concentratedActivities)]
        let pool = pools[index]
        guard let spacing = pool.tickSpacing, case .concentrated(let state) = self.state.pools[pool.address]?.state else { return }
        let widths = pool.shape.halfWidths
        let half = max(1, widths[rng.below(widths.count)] * Int32(75 + rng.below(51)) / 100)
        let (lower, upper) = Self.range(around: state.tick, halfWidth: half, spacing: spacing)
        let owner = liquidityProviders[rng.below(liquidityProviders.count)]
        // $500 up to 1/20 of the pool's depth (at most $2M), log-uniform.
        let low = try DevnetIntegers.rawTick(usd: 500, decimals: 0)
        let high = max(low, try DevnetIntegers.rawTick(usd: Double(min(2_000_000, max(1000, pool.genesisTvlUsd / 20))), decimals: 0))
        let usdTick = Int32(rng.inRange(Int(low)...Int(high)))
        guard lower < upper,
              let liquidity = try liquidity(worth: try DevnetIntegers.power(tick: usdTick) * DevnetIntegers.powerOfTen(18), in: pool, lower: lower, upper: upper)
        else { return }
        try mint(pool, owner: owner, lower: lower, upper: upper, liquidity: liquidity, into: &block)
        let key = PositionKey(pool: pool.address, owner: owner, tickLower: lower, tickUpper: upper)
        if !openPositions.contains(key) { openPositions.append(key) }
    }

    private mutating func burnOpenPosition(into block: inout BlockBuilder) throws {
        let slot = rng.below(openPositions.count)
        let key = openPositions[slot]
        let whole = rng.below(5) < 3
        let held = state.positions[key, default: 0]
        guard held > 0, case .concentrated(var pool) = state.pools[key.pool]?.state else {
            openPositions.remove(at: slot)
            return
        }
        let amount = whole || held < 2 ? held : held / 2
        let (amount0, amount1) = try pool.burn(tickLower: key.tickLower, tickUpper: key.tickUpper, amount: amount)
        block.beginTransaction()
        emit(.burn(.init(pool: key.pool, owner: key.owner, tickLower: key.tickLower, tickUpper: key.tickUpper,
                         amount: amount, amount0: amount0, amount1: amount1)), into: &block)
        if amount == held { openPositions.remove(at: slot) }
    }
}
