import DEXMath
import Market
import TestSupport

/// Small hand-made or random markets for route tests.
struct MarketBuilder {
    var tokens: [Token] = []
    var pools: [MarketPool] = []
    private var nextPool: UInt32 = 1

    static func address(_ n: UInt32, prefix: UInt64 = 0xAAAA) -> Address {
        Address(high: prefix << 48, middle: 0, low: n)
    }

    /// Tokens T0…T(n−1), 18 decimals, addresses in index order.
    init(tokenCount: Int) {
        tokens = (0..<tokenCount).map { Token(address: Self.address(UInt32($0), prefix: 0x1000), symbol: "T\($0)", decimals: 18) }
    }

    func token(_ i: Int) -> Address { tokens[i].address }

    /// A concentrated pool between tokens a and b at price 1.0001^tick (token1 per token0),
    /// with full-range liquidity plus an optional concentrated position around the price.
    @discardableResult
    mutating func concentrated(_ a: Int, _ b: Int, fee: UInt32 = 3000, spacing: Int32 = 60, tick: Int32 = 0,
                               liquidity: UInt128 = 1_000_000_000_000_000_000_000, concentrated: UInt128 = 0) throws -> Address {
        var pool = try ConcentratedPool(fee: fee, tickSpacing: spacing, initialSqrtPriceX96: try TickMath.sqrtPriceAtTick(tick))
        let edge = TickMath.maxTick / spacing * spacing
        if liquidity > 0 { try pool.mint(tickLower: -edge, tickUpper: edge, amount: liquidity) }
        if concentrated > 0 {
            let center = tick / spacing * spacing
            try pool.mint(tickLower: center - 10 * spacing, tickUpper: center + 10 * spacing, amount: concentrated)
        }
        return add(.concentrated(pool), a, b)
    }

    @discardableResult
    mutating func constantProduct(_ a: Int, _ b: Int, reserveA: UInt256, reserveB: UInt256, fee: UInt32 = 3000) throws -> Address {
        let (t0, t1) = token(a) < token(b) ? (reserveA, reserveB) : (reserveB, reserveA)
        return add(.constantProduct(try ConstantProductPool(fee: fee, reserve0: t0, reserve1: t1)), a, b)
    }

    private mutating func add(_ state: Pool, _ a: Int, _ b: Int) -> Address {
        let address = Self.address(nextPool, prefix: 0xB00)
        nextPool += 1
        let (t0, t1) = token(a) < token(b) ? (token(a), token(b)) : (token(b), token(a))
        pools.append(MarketPool(address: address, token0: t0, token1: t1, state: state))
        return address
    }

    var snapshot: MarketSnapshot { MarketSnapshot(chainId: 8453, sequence: 1, tokens: tokens, pools: pools) }

    /// A random connected market of `tokenCount` tokens: a chain keeps it connected, extra pools
    /// of mixed kinds, fees, prices and depths make routing choices non-trivial.
    static func random(tokenCount: Int, extraPools: Int, seed: UInt64) throws -> MarketBuilder {
        var rng = SplitMix64(seed: seed)
        var market = MarketBuilder(tokenCount: tokenCount)
        let tiers: [(UInt32, Int32)] = [(100, 1), (500, 10), (3000, 60), (10000, 200)]
        // Token "values" as ticks: pool prices agree with them up to a small disagreement.
        let values = (0..<tokenCount).map { _ in Int32.random(in: -20_000...20_000, using: &rng) }
        func addPool(_ a: Int, _ b: Int) throws {
            let (t0, t1) = market.token(a) < market.token(b) ? (a, b) : (b, a)
            let tick = values[t1] - values[t0] + Int32.random(in: -60...60, using: &rng)
            let depth = UInt128(UInt64.random(in: 1_000_000...UInt64.max >> 4, using: &rng)) * 1000
            if Int.random(in: 0..<5, using: &rng) == 0 {
                // Constant product at the same price: reserves x, y with y/x ≈ 1.0001^tick.
                let x = UInt256(UInt64.random(in: 1_000_000_000...UInt64.max >> 2, using: &rng)) &* UInt256(1_000_000)
                let price = try TickMath.sqrtPriceAtTick(tick)
                let y = try FullMath.mulDiv(try FullMath.mulDiv(x, price, FixedPoint96.q96), price, FixedPoint96.q96)
                guard !y.isZero, y < ConstantProductPool.maxReserve, x < ConstantProductPool.maxReserve else { return }
                try market.constantProduct(t0, t1, reserveA: x, reserveB: y)
            } else {
                let tier = tiers[Int.random(in: 0..<tiers.count, using: &rng)]
                try market.concentrated(t0, t1, fee: tier.0, spacing: tier.1, tick: tick, liquidity: depth,
                                        concentrated: Bool.random(using: &rng) ? depth * 20 : 0)
            }
        }
        for i in 1..<tokenCount { try addPool(i - 1, i) }
        for _ in 0..<extraPools {
            let a = Int.random(in: 0..<tokenCount, using: &rng)
            var b = Int.random(in: 0..<tokenCount, using: &rng)
            if a == b { b = (b + 1) % tokenCount }
            try addPool(a, b)
        }
        return market
    }
}
