import DEXMath
@testable import Market
import Testing
import TestSupport

/// The ladder answers every swap exactly as the swap loop does: amounts, ticks crossed, the
/// state it leaves the pool in, and whether the pool can fill it at all.
@Suite struct SwapLadderTests {
    static let seeds: [UInt64] = Array(1...24)
    /// Far enough for several ranges and word edges; a walk to the end of the price range
    /// through a fine-spaced pool takes thousands of steps, too slow for a debug build.
    static let walk = 400

    @Test(arguments: seeds)
    func fillsEqualTheSwapLoop(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let pool = try PoolFixtures.randomPool(&rng)
        for zeroForOne in [true, false] {
            var ladder = SwapLadder(pool, zeroForOne: zeroForOne)
            ladder.extend(pool, by: Self.walk)
            #expect(ladder.isComplete || ladder.isStalled || ladder.stepCount == Self.walk)
            // Random sizes, and each boundary's totals with their neighbours: the amounts where
            // a step either just reaches its boundary or stops a wei short of it.
            var amounts = (0..<24).map { _ in rng.uint256(maxBits: Int.random(in: 1...200, using: &rng)) | .one }
            let stride = max(1, ladder.rungs.count / 24)
            for rung in Swift.stride(from: 1, to: ladder.rungs.count, by: stride).map({ ladder.rungs[$0] }) {
                for total in [rung.paid, rung.received] where !total.isZero {
                    amounts += [total &- .one, total, total &+ .one].filter { !$0.isZero }
                }
            }
            var compared = 0
            for amount in amounts {
                for exactInput in [true, false] {
                    let fill = ladder.fill(amount, exactInput: exactInput)
                    if fill == .beyondWalk {
                        #expect(!ladder.isComplete, "seed \(seed): a finished walk answers every amount")
                        continue
                    }
                    #expect(Self.resolved(fill) == Self.swapLoop(pool, zeroForOne: zeroForOne, amount: amount, exactInput: exactInput),
                            "seed \(seed), zeroForOne \(zeroForOne), \(exactInput ? "in" : "out") \(amount)")
                    compared += 1
                }
            }
            #expect(compared >= amounts.count, "seed \(seed): the boundaries' amounts are all answered by the ladder")
        }
    }

    /// A ladder walked only part of the way says so beyond its last step, and extending it
    /// step by doubling answers as a ladder walked in one go.
    @Test(arguments: seeds.prefix(6))
    func aShortWalkDefersAndExtendsExactly(seed: UInt64) throws {
        let (generator, pool, whole) = try Self.walkedLadder(seed: seed)
        var rng = generator
        var short = SwapLadder(pool, zeroForOne: whole.zeroForOne)
        short.extend(pool, by: 1)
        for amount in (0..<16).map({ _ in rng.uint256(maxBits: Int.random(in: 1...160, using: &rng)) | .one }) {
            let expected = whole.fill(amount, exactInput: true)
            guard expected != .beyondWalk else { continue }
            var fill = short.fill(amount, exactInput: true)
            while fill == .beyondWalk && !short.isComplete && !short.isStalled {
                short.extend(pool, by: max(1, short.stepCount))
                fill = short.fill(amount, exactInput: true)
            }
            #expect(fill == expected, "seed \(seed), \(amount)")
        }
    }

    /// The partial step an amount ends in starts where the full steps before it end: their
    /// totals and ticks as the swap's, the rest of the amount left for it; an amount that ends
    /// on a boundary has none, and the step written into is then left as it was.
    @Test(arguments: seeds.prefix(6))
    func aPartialStepStartsWhereTheFullStepsEnd(seed: UInt64) throws {
        let (_, pool, ladder) = try Self.walkedLadder(seed: seed)
        try #require(ladder.rungs.count > 2)
        for exactInput in [true, false] {
            let rung = ladder.rungs[1]
            let total = exactInput ? rung.paid : rung.received
            var step = SwapLadder.PartialStep()
            #expect(!ladder.partialStep(total, exactInput: exactInput, into: &step), "seed \(seed): on the first boundary")
            #expect(step.left.isZero && step.paid.isZero)
            // A wei past the boundary: the step starts on the last rung short of the amount
            // (steps that pay nothing out leave several rungs with the same total).
            let amount = total &+ .one
            let start = try #require(ladder.rungs.last { (exactInput ? $0.paid : $0.received) < amount })
            try #require(ladder.partialStep(amount, exactInput: exactInput, into: &step))
            #expect(step.paid == start.paid && step.received == start.received && step.left == .one)
            #expect(step.sqrtPriceX96 == start.cursor.sqrtPriceX96 && step.liquidity == start.cursor.liquidity)
            #expect(step.ticksCrossed == start.cursor.ticksCrossed && step.feePips == pool.fee)
        }
    }

    /// A random pool of `seed` and its ladder in a random direction, walked `walk` steps; the
    /// generator as they leave it.
    static func walkedLadder(seed: UInt64) throws -> (SplitMix64, ConcentratedPool, SwapLadder) {
        var rng = SplitMix64(seed: seed)
        let pool = try PoolFixtures.randomPool(&rng)
        var ladder = SwapLadder(pool, zeroForOne: Bool.random(using: &rng))
        ladder.extend(pool, by: walk)
        return (rng, pool, ladder)
    }

    static func swapLoop(_ pool: ConcentratedPool, zeroForOne: Bool, amount: UInt256, exactInput: Bool) -> SwapLadder.Fill {
        guard let specified = exactInput ? Int256(exactly: amount) : Int256.negative(magnitude: amount),
              let r = try? pool.swap(zeroForOne: zeroForOne, amountSpecified: specified, sqrtPriceLimitX96: SwapLadder.limit(zeroForOne: zeroForOne)) else {
            return .cannotFill
        }
        let paid = (zeroForOne ? r.amount0 : r.amount1).magnitude
        let received = (zeroForOne ? r.amount1 : r.amount0).magnitude
        guard (exactInput ? paid : received) == amount else { return .cannotFill }
        return .filled(SwapLadder.Swap(amountIn: paid, amountOut: received, ticksCrossed: r.ticksCrossed,
                                       sqrtPriceX96: r.sqrtPriceX96, liquidity: r.liquidity, tick: r.tick))
    }

    /// The fill with the tick it leaves the pool on worked out, as the loop reports it.
    static func resolved(_ fill: SwapLadder.Fill) -> SwapLadder.Fill {
        guard case .filled(var swap) = fill else { return fill }
        swap.tick = try? swap.tickAfter()
        return .filled(swap)
    }
}
