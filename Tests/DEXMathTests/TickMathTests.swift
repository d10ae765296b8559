// TickMath: tick ⇄ sqrtPriceX96.
//
// Vectors: Uniswap/v3-core test/TickMath.spec.ts and test/__snapshots__/TickMath.spec.ts.snap.
// The spec's `encodePriceSqrt(r1, r0)` inputs are the integers the snapshot names them by; they
// were also recomputed (python3 decimal: r1/r0 and its square root each rounded half-up to 40
// places, as bignumber.js with DECIMAL_PLACES 40 does, times 2^96, floored) and agree.

import DEXMath
import TestSupport
import Foundation
import Testing

@Suite("TickMath")
struct TickMathTests {
    static let minTick = TickMath.minTick
    static let maxTick = TickMath.maxTick

    // MARK: getSqrtRatioAtTick

    @Test func throwsForTooLow() {
        #expect(throws: DEXMathError.tickOutOfRange) { try TickMath.sqrtPriceAtTick(Self.minTick - 1) }
        #expect(throws: DEXMathError.tickOutOfRange) { try TickMath.sqrtPriceAtTick(Int32.min) }
    }

    @Test func throwsForTooHigh() {
        #expect(throws: DEXMathError.tickOutOfRange) { try TickMath.sqrtPriceAtTick(Self.maxTick + 1) }
        #expect(throws: DEXMathError.tickOutOfRange) { try TickMath.sqrtPriceAtTick(Int32.max) }
    }

    @Test func boundaryTicks() throws {
        #expect(try TickMath.sqrtPriceAtTick(Self.minTick) == u256("4295128739"))
        #expect(try TickMath.sqrtPriceAtTick(Self.minTick + 1) == u256("4295343490"))
        #expect(try TickMath.sqrtPriceAtTick(Self.maxTick - 1) == u256("1461373636630004318706518188784493106690254656249"))
        #expect(try TickMath.sqrtPriceAtTick(Self.maxTick) == u256("1461446703485210103287273052203988822378723970342"))
        #expect(try TickMath.sqrtPriceAtTick(0) == FixedPoint96.q96)
    }

    @Test("min tick ratio is below encodePriceSqrt(1, 2^127); max tick ratio is above encodePriceSqrt(2^127, 1)")
    func boundaryTicksAgainstJS() throws {
        // encodePriceSqrt(1, 2^127) = 6085630636 and encodePriceSqrt(2^127, 1) =
        // 1033437718471923706666374484006904511252097097914 (python3 decimal, 40 places half-up, floor).
        #expect(try TickMath.sqrtPriceAtTick(Self.minTick) < u256("6085630636"))
        #expect(try TickMath.sqrtPriceAtTick(Self.maxTick) > u256("1033437718471923706666374484006904511252097097914"))
    }

    @Test("MIN_SQRT_RATIO / MAX_SQRT_RATIO equal the ratios at MIN_TICK / MAX_TICK")
    func constants() throws {
        #expect(try TickMath.sqrtPriceAtTick(Self.minTick) == TickMath.minSqrtRatio)
        #expect(try TickMath.sqrtPriceAtTick(Self.maxTick) == TickMath.maxSqrtRatio)
        #expect(TickMath.minSqrtRatio == u256("4295128739"))
        #expect(TickMath.maxSqrtRatio == u256("1461446703485210103287273052203988822378723970342"))
        #expect(Self.minTick == -887272 && Self.maxTick == 887272)
    }

    /// (tick, snapshot result) for every tick of the spec's loop.
    static let snapshotRatios: [(Int32, String)] = [
        (-50, "79030349367926598376800521322"),
        (50, "79426470787362580746886972461"),
        (-100, "78833030112140176575862854579"),
        (100, "79625275426524748796330556128"),
        (-250, "78244023372248365697264290337"),
        (250, "80224679980005306637834519095"),
        (-500, "77272108795590369356373805297"),
        (500, "81233731461783161732293370115"),
        (-1000, "75364347830767020784054125655"),
        (1000, "83290069058676223003182343270"),
        (-2500, "69919044979842180277688105136"),
        (2500, "89776708723587163891445672585"),
        (-3000, "68192822843687888778582228483"),
        (3000, "92049301871182272007977902845"),
        (-4000, "64867181785621769311890333195"),
        (4000, "96768528593268422080558758223"),
        (-5000, "61703726247759831737814779831"),
        (5000, "101729702841318637793976746270"),
        (-50000, "6504256538020985011912221507"),
        (50000, "965075977353221155028623082916"),
        (-150000, "43836292794701720435367485"),
        (150000, "143194173941309278083010301478497"),
        (-250000, "295440463448801648376846"),
        (250000, "21246587762933397357449903968194344"),
        (-500000, "1101692437043807371"),
        (500000, "5697689776495288729098254600827762987878"),
        (-738203, "7409801140451"),
        (738203, "847134979253254120489401328389043031315994541"),
    ]

    @Test("getSqrtRatioAtTick result (snapshot)", arguments: snapshotRatios)
    func snapshotRatio(tick: Int32, expected: String) throws {
        #expect(try TickMath.sqrtPriceAtTick(tick) == u256(expected))
    }

    @Test("getSqrtRatioAtTick is at most off by 1/100th of a bip from sqrt(1.0001^tick)·2^96", arguments: snapshotRatios.map(\.0))
    func withinOneHundredthOfABip(tick: Int32) throws {
        let exact = pow(1.0001, Double(tick) / 2) * 0x1p96
        let result = Double(try TickMath.sqrtPriceAtTick(tick).decimalString)!
        #expect(abs(result - exact) / exact < 0.000001)
    }

    // MARK: getTickAtSqrtRatio

    @Test func tickAtRatioThrowsOutsideTheRange() {
        #expect(throws: DEXMathError.sqrtPriceOutOfRange) { try TickMath.tickAtSqrtPrice(TickMath.minSqrtRatio &- .one) }
        #expect(throws: DEXMathError.sqrtPriceOutOfRange) { try TickMath.tickAtSqrtPrice(TickMath.maxSqrtRatio) }
        #expect(throws: DEXMathError.sqrtPriceOutOfRange) { try TickMath.tickAtSqrtPrice(.zero) }
        #expect(throws: DEXMathError.sqrtPriceOutOfRange) { try TickMath.tickAtSqrtPrice(.max) }
    }

    @Test func tickAtBoundaryRatios() throws {
        #expect(try TickMath.tickAtSqrtPrice(TickMath.minSqrtRatio) == Self.minTick)
        #expect(try TickMath.tickAtSqrtPrice(u256("4295343490")) == Self.minTick + 1)
        #expect(try TickMath.tickAtSqrtPrice(u256("1461373636630004318706518188784493106690254656249")) == Self.maxTick - 1)
        #expect(try TickMath.tickAtSqrtPrice(TickMath.maxSqrtRatio &- .one) == Self.maxTick - 1)
        #expect(try TickMath.tickAtSqrtPrice(FixedPoint96.q96) == 0)
    }

    /// (ratio, snapshot tick), ascending: MIN_SQRT_RATIO, encodePriceSqrt(1, 10^12), (1, 10^6),
    /// (1, 64), (1, 8), (1, 2), (1, 1), (2, 1), (8, 1), (64, 1), (10^6, 1), (10^12, 1), MAX_SQRT_RATIO − 1.
    static let snapshotTicks: [(String, Int32)] = [
        ("4295128739", -887272),
        ("79228162514264337593543", -276325),
        ("79228162514264337593543950", -138163),
        ("9903520314283042199192993792", -41591),
        ("28011385487393069959365969113", -20796),
        ("56022770974786139918731938227", -6932),
        ("79228162514264337593543950336", 0),
        ("112045541949572279837463876454", 6931),
        ("224091083899144559674927752909", 20795),
        ("633825300114114700748351602688", 41590),
        ("79228162514264337593543950336000", 138162),
        ("79228162514264337593543950336000000", 276324),
        ("1461446703485210103287273052203988822378723970341", 887271),
    ]

    @Test("getTickAtSqrtRatio result (snapshot)", arguments: snapshotTicks)
    func snapshotTick(ratio: String, expected: Int32) throws {
        #expect(try TickMath.tickAtSqrtPrice(u256(ratio)) == expected)
    }

    @Test("getTickAtSqrtRatio is at most off by 1 from floor(log_1.0001((ratio/2^96)^2))", arguments: snapshotTicks.map(\.0))
    func withinOneOfLogarithm(ratio: String) throws {
        let price = pow(Double(ratio)! / 0x1p96, 2)
        let approximate = (log(price) / log(1.0001)).rounded(.down)
        let tick = try TickMath.tickAtSqrtPrice(u256(ratio))
        #expect(abs(Double(tick) - approximate) <= 1)
    }

    @Test("ratio is between the tick and tick + 1", arguments: snapshotTicks.map(\.0))
    func ratioBetweenTickAndNext(ratio: String) throws {
        let value = u256(ratio)
        let tick = try TickMath.tickAtSqrtPrice(value)
        #expect(try TickMath.sqrtPriceAtTick(tick) <= value)
        #expect(try value < TickMath.sqrtPriceAtTick(tick + 1))
    }

    // MARK: Properties

    @Test("round trip on a stride through the whole range, and one below each tick's price is the tick below")
    func roundTripStride() throws {
        for t in stride(from: Self.minTick, through: Self.maxTick, by: 9973) {
            let p = try TickMath.sqrtPriceAtTick(t)
            #expect(try TickMath.tickAtSqrtPrice(p) == t)
            if t > Self.minTick { #expect(try TickMath.tickAtSqrtPrice(p &- .one) == t - 1) }
        }
    }

    @Test("round trip, strict monotonicity and neighbourhood for 3000 seeded random ticks")
    func roundTripRandomTicks() throws {
        var rng = SplitMix64(seed: 0x71C4)
        for i in 0..<3000 {
            // Bias a third of the draws toward the ends of the range, where the bounds are tightest.
            let t: Int32 = switch i % 3 {
            case 0: Int32.random(in: Self.minTick...(Self.minTick + 2000), using: &rng)
            case 1: Int32.random(in: (Self.maxTick - 2000)...(Self.maxTick - 1), using: &rng)
            default: Int32.random(in: Self.minTick...(Self.maxTick - 1), using: &rng)
            }
            let p = try TickMath.sqrtPriceAtTick(t)
            let next = try TickMath.sqrtPriceAtTick(t + 1)
            #expect(p < next)
            #expect(try TickMath.tickAtSqrtPrice(p) == t)
            #expect(try TickMath.tickAtSqrtPrice(next &- .one) == t)
            if t > Self.minTick { #expect(try TickMath.tickAtSqrtPrice(p &- .one) == t - 1) }
            // sqrtPriceAtTick(-t) ≈ 2^192 / sqrtPriceAtTick(t). p is an integer rounded up, so the
            // reciprocal is only good to about mirrored / p; past that the two must agree.
            let mirrored = try TickMath.sqrtPriceAtTick(-t)
            let reciprocal = try FullMath.mulDiv(pow2(192) &- .one, .one, p)
            let gap = mirrored > reciprocal ? mirrored &- reciprocal : reciprocal &- mirrored
            let tolerance = (try mirrored / p) &* 2 &+ (mirrored >> 64) &+ 2
            #expect(gap <= tolerance, "tick \(t)")
        }
    }

    @Test("for 2000 seeded random prices, tick = getTickAtSqrtRatio(p) satisfies ratio(tick) ≤ p < ratio(tick + 1)")
    func randomPricesBracketed() throws {
        var rng = SplitMix64(seed: 0x9A1CE)
        for _ in 0..<2000 {
            let bits = Int.random(in: 33...160, using: &rng)
            var p = rng.uint256(maxBits: bits)
            if p < TickMath.minSqrtRatio { p = TickMath.minSqrtRatio &+ p }
            if p >= TickMath.maxSqrtRatio { p = TickMath.maxSqrtRatio &- .one }
            let tick = try TickMath.tickAtSqrtPrice(p)
            #expect(try TickMath.sqrtPriceAtTick(tick) <= p)
            if tick < Self.maxTick { #expect(try p < TickMath.sqrtPriceAtTick(tick + 1)) }
        }
    }
}
