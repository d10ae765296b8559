import DEXMath

/// The initialized ticks of a pool, sorted ascending: the pool's `ticks` mapping and
/// `tickBitmap` in one structure. Lookups are binary searches, so a swap step allocates nothing.
public struct TickTable: Sendable, Hashable {
    public private(set) var ticks: [TickInfo]
    public let tickSpacing: Int32
    /// `TickMath.sqrtPriceAtTick` of each entry of `ticks`, computed when the table changes, so
    /// that a swap crossing initialized ticks doesn't recompute their prices at every step.
    @usableFromInline private(set) var sqrtPricesX96: [UInt256]

    /// `ticks` must be strictly ascending multiples of `tickSpacing` within the tick range.
    public init(tickSpacing: Int32, ticks: [TickInfo]) throws(DEXMathError) {
        guard tickSpacing > 0 else { throw .invalidPoolState }
        var previous = Int64.min
        for tick in ticks {
            guard Int64(tick.index) > previous else { throw .invalidPoolState }
            guard tick.index >= TickMath.minTick, tick.index <= TickMath.maxTick else { throw .tickOutOfRange }
            guard tick.index % tickSpacing == 0 else { throw .tickNotOnSpacing }
            previous = Int64(tick.index)
        }
        self.ticks = ticks
        self.tickSpacing = tickSpacing
        var prices: [UInt256] = []
        prices.reserveCapacity(ticks.count)
        for tick in ticks { prices.append(try TickMath.sqrtPriceAtTick(tick.index)) }
        self.sqrtPricesX96 = prices
    }

    /// Index in `ticks` of the first tick above `tick`.
    @inlinable
    func firstIndex(above tick: Int32) -> Int {
        var low = 0
        var high = ticks.count
        while low < high {
            let mid = (low + high) >> 1
            if ticks[mid].index <= tick { low = mid + 1 } else { high = mid }
        }
        return low
    }

    public func info(at tick: Int32) -> TickInfo? {
        let i = firstIndex(above: tick) - 1
        return i >= 0 && ticks[i].index == tick ? ticks[i] : nil
    }

    /// `TickBitmap.nextInitializedTickWithinOneWord`: the nearest initialized tick at or below
    /// `tick` (lte) or above it, but never past the edge of the 256-spacing word holding the
    /// start — the swap loop stops there even when nothing is initialized, and so must we.
    @inlinable
    public func nextInitializedTickWithinOneWord(_ tick: Int32, lte: Bool) -> (next: Int32, initialized: Bool) {
        let (next, index) = nextTickWithinOneWord(tick, lte: lte)
        return (next, index != nil)
    }

    /// `nextInitializedTickWithinOneWord`, with the position in `ticks` of the tick found when it
    /// is initialized (nil for a word boundary).
    @inlinable
    func nextTickWithinOneWord(_ tick: Int32, lte: Bool) -> (next: Int32, index: Int?) {
        let compressed = TickBitmap.compress(tick, tickSpacing: tickSpacing)
        let above = firstIndex(above: tick)
        if lte {
            let wordStart = (compressed >> 8) << 8
            let boundary = wordStart * tickSpacing
            if above > 0, ticks[above - 1].index >= boundary { return (ticks[above - 1].index, above - 1) }
            return (boundary, nil)
        }
        let wordEnd = (((compressed + 1) >> 8) << 8) + 255
        let boundary = wordEnd * tickSpacing
        if above < ticks.count, ticks[above].index <= boundary { return (ticks[above].index, above) }
        return (boundary, nil)
    }

    /// Adds `liquidityDelta` to the positions bounded by `tick` (v3-core `Tick.update`): gross
    /// changes by the delta; net by +delta for a lower bound, −delta for an upper one. A tick
    /// whose gross falls to zero is removed.
    mutating func update(_ tick: Int32, liquidityDelta: Int128, upper: Bool, maxLiquidity: UInt128) throws(DEXMathError) {
        let i = firstIndex(above: tick) - 1
        let exists = i >= 0 && ticks[i].index == tick
        let current = exists ? ticks[i] : TickInfo(index: tick, liquidityNet: 0, liquidityGross: 0)
        let gross = try LiquidityMath.addDelta(current.liquidityGross, liquidityDelta)
        if gross > maxLiquidity { throw .tickLiquidityExceeded }
        let (net, overflow) = upper
            ? current.liquidityNet.subtractingReportingOverflow(liquidityDelta)
            : current.liquidityNet.addingReportingOverflow(liquidityDelta)
        if overflow { throw .overflow }
        let updated = TickInfo(index: tick, liquidityNet: net, liquidityGross: gross)
        switch (exists, gross == 0) {
        case (true, true):
            ticks.remove(at: i)
            sqrtPricesX96.remove(at: i)
        case (true, false):
            ticks[i] = updated
        case (false, false):
            let price = try TickMath.sqrtPriceAtTick(tick)  // before changing anything: all or nothing
            ticks.insert(updated, at: i + 1)
            sqrtPricesX96.insert(price, at: i + 1)
        case (false, true):
            break
        }
    }

    /// type(uint128).max / number of usable ticks (v3-core `Tick.tickSpacingToMaxLiquidityPerTick`).
    public static func maxLiquidityPerTick(tickSpacing: Int32) -> UInt128 {
        let minTick = (TickMath.minTick / tickSpacing) * tickSpacing
        let maxTick = (TickMath.maxTick / tickSpacing) * tickSpacing
        let numTicks = UInt128((maxTick - minTick) / tickSpacing) + 1
        return UInt128.max / numTicks
    }
}
