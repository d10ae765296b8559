import DEXMath
import Market
import TestSupport

/// Random but valid pools: a fee tier, a starting price and a handful of positions around it.
enum PoolFixtures {
    static let tiers: [(fee: UInt32, spacing: Int32)] = [(100, 1), (500, 10), (3000, 60), (10000, 200)]

    static func randomPool(_ rng: inout SplitMix64) throws -> ConcentratedPool {
        let tier = tiers[Int.random(in: 0..<tiers.count, using: &rng)]
        let startTick = Int32.random(in: -200_000...200_000, using: &rng)
        var pool = try ConcentratedPool(fee: tier.fee, tickSpacing: tier.spacing,
                                        initialSqrtPriceX96: try TickMath.sqrtPriceAtTick(startTick))
        let aligned = { (t: Int32) in (t / tier.spacing) * tier.spacing }
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            let width = Int32.random(in: 1...400, using: &rng) * tier.spacing
            let lower = aligned(startTick + Int32.random(in: -20_000...20_000, using: &rng))
            let upper = min(lower + width, aligned(TickMath.maxTick))
            guard lower < upper else { continue }
            let liquidity = UInt128(UInt64.random(in: 1_000...UInt64.max, using: &rng)) * UInt128(UInt64.random(in: 1...1_000_000, using: &rng))
            try pool.mint(tickLower: lower, tickUpper: upper, amount: liquidity)
        }
        if Bool.random(using: &rng) {
            try pool.mint(tickLower: aligned(TickMath.minTick), tickUpper: aligned(TickMath.maxTick),
                          amount: UInt128(UInt64.random(in: 1...UInt64.max, using: &rng)))
        }
        return pool
    }

    static func limit(zeroForOne: Bool) -> UInt256 {
        zeroForOne ? TickMath.minSqrtRatio &+ .one : TickMath.maxSqrtRatio &- .one
    }
}
