import DEXMath
import Market
import Testing
import TestSupport

/// With no liquidity left and no tick ahead, the swap jumps to the limit instead of walking
/// thousands of empty bitmap words. The jump must land exactly where the walk would: a twin
/// pool with one extra position beyond the limit (never reached, but it forces the walk) must
/// give the same result.
@Suite struct EmptyWordWalkTests {
    @Test(arguments: Array(UInt64(1)...30))
    func jumpingLandsWhereWalkingDoes(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let tiers: [(UInt32, Int32)] = [(100, 1), (500, 10), (3000, 60), (10000, 200)]
        let (fee, spacing) = tiers[Int(seed) % tiers.count]
        let start = Int32.random(in: -50_000...50_000, using: &rng) / spacing * spacing
        var pool = try ConcentratedPool(fee: fee, tickSpacing: spacing, initialSqrtPriceX96: try TickMath.sqrtPriceAtTick(start))
        try pool.mint(tickLower: start - 5 * spacing, tickUpper: start + 5 * spacing, amount: 1_000_000_000_000_000_000)
        let zeroForOne = seed % 2 == 0
        let distance = Int32.random(in: 1_000...200_000, using: &rng)
        // Limits on word boundaries, on ticks and between ticks all occur.
        var limitTick = zeroForOne ? start - distance : start + distance
        if seed % 3 == 0 { limitTick = limitTick / (256 * spacing) * (256 * spacing) }
        var limit = try TickMath.sqrtPriceAtTick(limitTick)
        if seed % 5 == 0 { limit = zeroForOne ? limit &+ UInt256(7) : limit &- UInt256(7) }

        var twin = pool
        let far = (zeroForOne ? limitTick - 600 * spacing : limitTick + 600 * spacing) / spacing * spacing
        try twin.mint(tickLower: zeroForOne ? far - spacing : far, tickUpper: zeroForOne ? far : far + spacing, amount: 1)

        for amount in [Int256("1000000000000000000000")!, Int256("-1000000000000000000000")!] {
            let jumped = try pool.swap(zeroForOne: zeroForOne, amountSpecified: amount, sqrtPriceLimitX96: limit)
            let walked = try twin.swap(zeroForOne: zeroForOne, amountSpecified: amount, sqrtPriceLimitX96: limit)
            #expect(jumped == walked, "seed \(seed): limit tick \(limitTick)")
            #expect(jumped.sqrtPriceX96 == limit)
        }
    }
}
