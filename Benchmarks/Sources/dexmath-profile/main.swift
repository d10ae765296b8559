// A tiny driver for instruction-level profiling of the same kernels, on the same inputs, as
// the DEXMathBenchmarks suite:
//
//     dexmath-profile <kernel> <operations>
//
// runs <kernel> <operations> times over its input table and prints a checksum (which keeps
// every result alive). Under `valgrind --tool=callgrind`, the difference between two runs
// with different operation counts gives instructions per operation, independent of machine
// load; ../scripts/instructions-per-op.sh does exactly that for every kernel.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import BenchmarkInputs
import DEXMath
import Market

@inline(__always) func fold(_ x: UInt256) -> UInt64 { x.w0 ^ x.w1 ^ x.w2 ^ x.w3 }

let kernels = ["mulDiv", "mulDivRoundingUp", "naiveMulDiv", "mulDiv64x64", "nativeUInt128", "mulDiv128x128",
               "stdlibUInt128", "sqrtPriceAtTick", "tickAtSqrtPrice", "swapStepExactIn", "swapStepExactOut", "poolSwap10Ticks"]
let arguments = CommandLine.arguments
guard arguments.count == 3, kernels.contains(arguments[1]), let count = Int(arguments[2]), count >= 0 else {
    print("usage: dexmath-profile <kernel> <operations>\nkernels: \(kernels.joined(separator: " "))")
    exit(2)
}
let kernel = arguments[1]

func run() throws -> UInt64 {
    var checksum: UInt64 = 0
    switch kernel {
    case "mulDiv":
        let ops = makeRealisticMulDivOperands(seed: 1)
        for i in 0..<count {
            let op = ops[i & tableMask]
            checksum ^= fold(try FullMath.mulDiv(op.a, op.b, op.d))
        }
    case "mulDivRoundingUp":
        let ops = makeRealisticMulDivOperands(seed: 1)
        for i in 0..<count {
            let op = ops[i & tableMask]
            checksum ^= fold(try FullMath.mulDivRoundingUp(op.a, op.b, op.d))
        }
    case "naiveMulDiv":
        let ops = makeRealisticMulDivOperands(seed: 1)
        for i in 0..<count {
            let op = ops[i & tableMask]
            checksum ^= fold(naiveMulDiv(op.a, op.b, op.d))
        }
    case "mulDiv64x64":
        let ops = makeSmallMulDivOperands(seed: 2)
        for i in 0..<count {
            let op = ops[i & tableMask]
            checksum ^= fold(try FullMath.mulDiv(op.a, op.b, op.d))
        }
    case "nativeUInt128":
        let ops = nativeOperands(makeSmallMulDivOperands(seed: 2))
        for i in 0..<count {
            let op = ops[i & tableMask]
            checksum ^= UInt64(truncatingIfNeeded: (op.a &* op.b) / op.d)
        }
    case "mulDiv128x128":
        let ops = makeWideUInt128Operands(seed: 3)
        for i in 0..<count {
            let op = ops[i & tableMask]
            checksum ^= fold(try FullMath.mulDiv(op.a, op.b, op.d))
        }
    case "stdlibUInt128":
        let ops = nativeOperands(makeWideUInt128Operands(seed: 3))
        for i in 0..<count {
            let op = ops[i & tableMask]
            checksum ^= UInt64(truncatingIfNeeded: op.d.dividingFullWidth(op.a.multipliedFullWidth(by: op.b)).quotient)
        }
    case "sqrtPriceAtTick":
        let ticks = makeTicks(seed: 4)
        for i in 0..<count { checksum ^= fold(try TickMath.sqrtPriceAtTick(ticks[i & tableMask])) }
    case "tickAtSqrtPrice":
        let prices = try makeSqrtPrices(seed: 5)
        for i in 0..<count { checksum ^= UInt64(UInt32(bitPattern: try TickMath.tickAtSqrtPrice(prices[i & tableMask]))) }
    case "swapStepExactIn", "swapStepExactOut":
        let steps = kernel == "swapStepExactIn"
            ? try makeSwapSteps(seed: 6, exactIn: true, feePips: 3000)
            : try makeSwapSteps(seed: 7, exactIn: false, feePips: 3000)
        for i in 0..<count {
            let s = steps[i & tableMask]
            let step = try SwapMath.computeSwapStep(sqrtPriceCurrentX96: s.current, sqrtPriceTargetX96: s.target,
                                                    liquidity: s.liquidity, amountRemaining: s.amountRemaining, feePips: 3000)
            checksum ^= fold(step.sqrtPriceNextX96) ^ fold(step.amountIn) ^ fold(step.amountOut) ^ fold(step.feeAmount)
        }
    case "poolSwap10Ticks":
        let swap = try makeTenTickSwap()
        for i in 0..<count {
            let result = try swap.pool.swap(zeroForOne: true, amountSpecified: swap.amounts[i & 7], sqrtPriceLimitX96: swap.limit)
            precondition(result.ticksCrossed == 10)
            checksum ^= fold(result.sqrtPriceX96) ^ fold(result.amount1.bitPattern)
        }
    default:
        fatalError("unreachable")
    }
    return checksum
}

do {
    print("\(kernel) x \(count): checksum \(try run())")
} catch {
    print("\(kernel) failed: \(error)")
    exit(1)
}
