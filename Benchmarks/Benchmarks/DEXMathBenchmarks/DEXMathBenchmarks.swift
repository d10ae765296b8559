// Micro-benchmarks of the exact v3 math (DEXMath) and of a full pool swap (Market), with
// reference baselines measured in the same run. See ../../README.md for what each one measures.
//
// Conventions:
// - Every benchmark runs `benchmark.scaledIterations` (1000) operations per measured iteration,
//   so wall clock, throughput and mallocs are reported per operation (the `*` rows).
// - Inputs come from BenchmarkInputs: generated once, deterministically, before anything is
//   measured. Each loop walks a table of `tableSize` different inputs, so the optimizer can
//   neither constant-fold nor hoist the work and the branch predictor cannot learn one path.
// - Every result goes through `blackHole`, so no work is dead code. The "harness" benchmark
//   measures that loop alone (table load + blackHole); subtract it for the bare cost.

import Benchmark
import BenchmarkInputs
import DEXMath
import Market

// MARK: - Benchmarks

let benchmarks: @Sendable () -> Void = {
    // Per-operation metrics: wall clock, operations per second and heap allocations.
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]
    let configuration = Benchmark.Configuration(metrics: metrics, scalingFactor: .kilo, maxDuration: .seconds(2))

    // Input tables, built once before anything is measured.
    let realistic = makeRealisticMulDivOperands(seed: 1)
    let small = makeSmallMulDivOperands(seed: 2)
    let small128 = nativeOperands(small)
    let wide = makeWideUInt128Operands(seed: 3)
    let wide128 = nativeOperands(wide)
    let ticks = makeTicks(seed: 4)
    let prices: [UInt256]
    let stepsExactIn: [SwapStepInput]
    let stepsExactOut: [SwapStepInput]
    let tenTickSwap: TenTickSwap
    do {
        prices = try makeSqrtPrices(seed: 5)
        stepsExactIn = try makeSwapSteps(seed: 6, exactIn: true, feePips: 3000)
        stepsExactOut = try makeSwapSteps(seed: 7, exactIn: false, feePips: 3000)
        tenTickSwap = try makeTenTickSwap()
    } catch {
        fatalError("benchmark input generation failed: \(error)")
    }

    // MARK: Harness overhead

    Benchmark("harness: table load + blackHole", configuration: configuration) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(realistic[i & tableMask].a)
        }
    }

    // MARK: FullMath

    Benchmark("FullMath.mulDiv 224x160/160", configuration: configuration) { benchmark in
        for i in benchmark.scaledIterations {
            let op = realistic[i & tableMask]
            blackHole(try FullMath.mulDiv(op.a, op.b, op.d))
        }
    }

    Benchmark("FullMath.mulDivRoundingUp 224x160/160", configuration: configuration) { benchmark in
        for i in benchmark.scaledIterations {
            let op = realistic[i & tableMask]
            blackHole(try FullMath.mulDivRoundingUp(op.a, op.b, op.d))
        }
    }

    var naiveSetup = configuration
    naiveSetup.setup = {
        for op in realistic where naiveMulDiv(op.a, op.b, op.d) != (try FullMath.mulDiv(op.a, op.b, op.d)) {
            throw BenchmarkSetupError.unexpected("naive shift-subtract mulDiv disagrees with FullMath.mulDiv")
        }
    }
    Benchmark("baseline: naive shift-subtract mulDiv 224x160/160", configuration: naiveSetup) { benchmark in
        for i in benchmark.scaledIterations {
            let op = realistic[i & tableMask]
            blackHole(naiveMulDiv(op.a, op.b, op.d))
        }
    }

    Benchmark("FullMath.mulDiv 64x64/96", configuration: configuration) { benchmark in
        for i in benchmark.scaledIterations {
            let op = small[i & tableMask]
            blackHole(try FullMath.mulDiv(op.a, op.b, op.d))
        }
    }

    var nativeSetup = configuration
    nativeSetup.setup = {
        for (op, native) in zip(small, small128) where UInt256((native.a &* native.b) / native.d) != (try FullMath.mulDiv(op.a, op.b, op.d)) {
            throw BenchmarkSetupError.unexpected("UInt128 baseline disagrees with FullMath.mulDiv")
        }
    }
    Benchmark("baseline: native UInt128 (a*b)/d 64x64/96", configuration: nativeSetup) { benchmark in
        for i in benchmark.scaledIterations {
            let op = small128[i & tableMask]
            blackHole((op.a &* op.b) / op.d)
        }
    }

    Benchmark("FullMath.mulDiv 128x128/128", configuration: configuration) { benchmark in
        for i in benchmark.scaledIterations {
            let op = wide[i & tableMask]
            blackHole(try FullMath.mulDiv(op.a, op.b, op.d))
        }
    }

    var wideSetup = configuration
    wideSetup.setup = {
        for (op, native) in zip(wide, wide128)
        where UInt256(native.d.dividingFullWidth(native.a.multipliedFullWidth(by: native.b)).quotient) != (try FullMath.mulDiv(op.a, op.b, op.d)) {
            throw BenchmarkSetupError.unexpected("UInt128.dividingFullWidth baseline disagrees with FullMath.mulDiv")
        }
    }
    Benchmark("baseline: stdlib UInt128 multipliedFullWidth+dividingFullWidth 128x128/128", configuration: wideSetup) { benchmark in
        for i in benchmark.scaledIterations {
            let op = wide128[i & tableMask]
            blackHole(op.d.dividingFullWidth(op.a.multipliedFullWidth(by: op.b)).quotient)
        }
    }

    // MARK: TickMath

    Benchmark("TickMath.sqrtPriceAtTick", configuration: configuration) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(try TickMath.sqrtPriceAtTick(ticks[i & tableMask]))
        }
    }

    Benchmark("TickMath.tickAtSqrtPrice", configuration: configuration) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(try TickMath.tickAtSqrtPrice(prices[i & tableMask]))
        }
    }

    // MARK: SwapMath

    Benchmark("SwapMath.computeSwapStep exactIn", configuration: configuration) { benchmark in
        for i in benchmark.scaledIterations {
            let s = stepsExactIn[i & tableMask]
            blackHole(try SwapMath.computeSwapStep(sqrtPriceCurrentX96: s.current, sqrtPriceTargetX96: s.target,
                                                   liquidity: s.liquidity, amountRemaining: s.amountRemaining, feePips: 3000))
        }
    }

    Benchmark("SwapMath.computeSwapStep exactOut", configuration: configuration) { benchmark in
        for i in benchmark.scaledIterations {
            let s = stepsExactOut[i & tableMask]
            blackHole(try SwapMath.computeSwapStep(sqrtPriceCurrentX96: s.current, sqrtPriceTargetX96: s.target,
                                                   liquidity: s.liquidity, amountRemaining: s.amountRemaining, feePips: 3000))
        }
    }

    // MARK: Market

    var swapSetup = configuration
    swapSetup.setup = {
        // Checked here, outside the measured region: every measured swap crosses exactly 10 ticks.
        for amount in tenTickSwap.amounts {
            let result = try tenTickSwap.pool.swap(zeroForOne: true, amountSpecified: amount, sqrtPriceLimitX96: tenTickSwap.limit)
            guard result.ticksCrossed == 10 else {
                throw BenchmarkSetupError.unexpected("pool swap crossed \(result.ticksCrossed) initialized ticks, expected 10")
            }
        }
    }
    Benchmark("ConcentratedPool.swap crossing 10 initialized ticks", configuration: swapSetup) { benchmark in
        let pool = tenTickSwap.pool
        let amounts = tenTickSwap.amounts
        let limit = tenTickSwap.limit
        for i in benchmark.scaledIterations {
            blackHole(try pool.swap(zeroForOne: true, amountSpecified: amounts[i & 7], sqrtPriceLimitX96: limit))
        }
    }
}
