// Deterministic inputs shared by the DEXMathBenchmarks suite and the dexmath-profile driver,
// so wall-clock numbers and callgrind instruction counts are taken on identical operands.
// Everything here runs before measurement starts.

import DEXMath
import Market

// MARK: - Deterministic input generation

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and good enough for operand generation.
public struct SplitMix64 {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    /// Uniform in 0..<bound (bound > 0); the modulo bias is irrelevant here.
    public mutating func next(below bound: UInt64) -> UInt64 { next() % bound }
    public mutating func next(in range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(bitPattern: next(below: UInt64(range.upperBound - range.lowerBound) + 1))
    }
    /// A value of exactly `bits` significant bits (top bit set), 1 ≤ bits ≤ 256.
    public mutating func uint256(bits: Int) -> UInt256 {
        var v = UInt256(w0: next(), w1: next(), w2: next(), w3: next()) >> (256 - bits)
        v = v | (UInt256.one << (bits - 1))
        return v
    }
    /// A value of exactly `bits` significant bits, 1 ≤ bits ≤ 128.
    public mutating func uint128(bits: Int) -> UInt128 {
        (UInt128(next()) << 64 | UInt128(next())) >> (128 - bits) | (UInt128(1) << (bits - 1))
    }
}

/// Inputs per table: a power of two, larger than the 1000 scaled iterations. Computed and
/// inlinable, so the hot loops see constants rather than a lazily initialised global.
@inlinable public var tableSize: Int { 1024 }
@inlinable public var tableMask: Int { 1023 }

public struct MulDivOperands: Sendable {
    public var a: UInt256
    public var b: UInt256
    public var d: UInt256

    public init(a: UInt256, b: UInt256, d: UInt256) {
        self.a = a
        self.b = b
        self.d = d
    }
}

public struct SwapStepInput: Sendable {
    public var current: UInt256
    public var target: UInt256
    public var liquidity: UInt128
    public var amountRemaining: Int256

    public init(current: UInt256, target: UInt256, liquidity: UInt128, amountRemaining: Int256) {
        self.current = current
        self.target = target
        self.liquidity = liquidity
        self.amountRemaining = amountRemaining
    }
}

public enum BenchmarkSetupError: Error, Sendable, CustomStringConvertible {
    case unexpected(String)
    public var description: String {
        switch self {
        case .unexpected(let message): message
        }
    }
}

/// The v3 `amount0Delta`-shaped product: (L << 96) · (√B − √A) / √B, i.e. a 224-bit ×
/// 160-bit numerator over a 160-bit denominator, quotient < 2^224.
public func makeRealisticMulDivOperands(seed: UInt64) -> [MulDivOperands] {
    var rng = SplitMix64(seed: seed)
    return (0..<tableSize).map { _ in
        let liquidity = rng.uint256(bits: 128)
        let denominator = rng.uint256(bits: 160)
        // A multiplier below the denominator, 120…159 bits, as a price difference is.
        var b = rng.uint256(bits: 120 + Int(rng.next(below: 40)))
        if b >= denominator { b = b >> 1 }
        return MulDivOperands(a: liquidity << 96, b: b, d: denominator)
    }
}

/// Operands small enough for Swift's native UInt128: 64-bit × 64-bit / 65…96-bit.
public func makeSmallMulDivOperands(seed: UInt64) -> [MulDivOperands] {
    var rng = SplitMix64(seed: seed)
    return (0..<tableSize).map { _ in
        MulDivOperands(a: UInt256(rng.next() | 1 << 63),
                       b: UInt256(rng.next() | 1 << 63),
                       d: UInt256(rng.uint128(bits: 65 + Int(rng.next(below: 32)))))
    }
}

/// 128-bit × 128-bit / 128-bit with a quotient that fits 128 bits: the shape of v3's
/// `amount1Delta` (L · Δ√P / 2^96) with a variable denominator.
public func makeWideUInt128Operands(seed: UInt64) -> [MulDivOperands] {
    var rng = SplitMix64(seed: seed)
    return (0..<tableSize).map { _ in
        let d = rng.uint128(bits: 100 + Int(rng.next(below: 28)))
        let a = rng.uint128(bits: 96 + Int(rng.next(below: 32)))
        var b = rng.uint128(bits: 64 + Int(rng.next(below: 64)))
        if b >= d { b = d - 1 }  // then a·b / d < a < 2^128
        return MulDivOperands(a: UInt256(a), b: UInt256(b), d: UInt256(d))
    }
}

/// Ticks spread uniformly over the whole tick range (positive and negative).
public func makeTicks(seed: UInt64) -> [Int32] {
    var rng = SplitMix64(seed: seed)
    return (0..<tableSize).map { _ in Int32(rng.next(in: Int64(TickMath.minTick)...Int64(TickMath.maxTick))) }
}

/// Prices anywhere inside a tick, for ticks spread over the whole range.
public func makeSqrtPrices(seed: UInt64) throws -> [UInt256] {
    var rng = SplitMix64(seed: seed)
    return try (0..<tableSize).map { _ in
        let tick = Int32(rng.next(in: Int64(TickMath.minTick)...Int64(TickMath.maxTick - 1)))
        let low = try TickMath.sqrtPriceAtTick(tick)
        let high = try TickMath.sqrtPriceAtTick(tick + 1)
        let width = high &- low
        let offset = try UInt256(w0: rng.next(), w1: rng.next(), w2: rng.next(), w3: 0) % width
        return low &+ offset
    }
}

/// One swap step as a router sees it: a price within ±250000 ticks (covers WETH/USDC at
/// ≈ −200000 and stable pairs near 0), a target 1…2000 ticks away in either direction,
/// liquidity 2^50…2^90 (≈ 10^15…10^27) and an amount between 1/4 and 2× what reaching the
/// target takes, so about half the steps stop short of it and half reach it.
public func makeSwapSteps(seed: UInt64, exactIn: Bool, feePips: UInt32) throws -> [SwapStepInput] {
    var rng = SplitMix64(seed: seed)
    var steps: [SwapStepInput] = []
    steps.reserveCapacity(tableSize)
    for _ in 0..<tableSize {
        let tick = Int32(rng.next(in: -250_000...250_000))
        let low = try TickMath.sqrtPriceAtTick(tick)
        let high = try TickMath.sqrtPriceAtTick(tick + 1)
        let current = low &+ (try UInt256(w0: rng.next(), w1: rng.next(), w2: 0, w3: 0) % (high &- low))
        let zeroForOne = rng.next() & 1 == 0
        let distance = Int32(rng.next(in: 1...2000))
        let target = try TickMath.sqrtPriceAtTick(zeroForOne ? tick - distance + 1 : tick + distance)
        let liquidity = rng.uint128(bits: 50 + Int(rng.next(below: 41)))
        let toTarget: UInt256
        if exactIn {
            let net = zeroForOne
                ? try SqrtPriceMath.amount0Delta(target, current, liquidity: liquidity, roundUp: true)
                : try SqrtPriceMath.amount1Delta(current, target, liquidity: liquidity, roundUp: true)
            // Grossed up by the fee: what the swapper pays to reach the target.
            toTarget = try FullMath.mulDivRoundingUp(net, UInt256(SwapMath.feeDenominator),
                                                     UInt256(SwapMath.feeDenominator - UInt64(feePips)))
        } else {
            toTarget = zeroForOne
                ? try SqrtPriceMath.amount1Delta(target, current, liquidity: liquidity, roundUp: false)
                : try SqrtPriceMath.amount0Delta(current, target, liquidity: liquidity, roundUp: false)
        }
        var amount = try FullMath.mulDiv(toTarget, UInt256(UInt64(rng.next(in: 250...2000))), 1000)
        if amount.isZero { amount = .one }
        guard let signed = exactIn ? Int256(exactly: amount) : Int256.negative(magnitude: amount) else {
            throw BenchmarkSetupError.unexpected("swap step amount does not fit int256")
        }
        steps.append(SwapStepInput(current: current, target: target, liquidity: liquidity, amountRemaining: signed))
    }
    return steps
}

// MARK: - Reference implementations for the baselines

/// Native 128-bit operands for the `(a * b) / d` baseline.
public struct Native128Operands: Sendable {
    public var a: UInt128
    public var b: UInt128
    public var d: UInt128

    public init(a: UInt128, b: UInt128, d: UInt128) {
        self.a = a
        self.b = b
        self.d = d
    }
}

public func nativeOperands(_ operands: [MulDivOperands]) -> [Native128Operands] {
    operands.map { Native128Operands(a: $0.a.exactUInt128!, b: $0.b.exactUInt128!, d: $0.d.exactUInt128!) }
}

/// Textbook restoring division of the 512-bit product a·b by d, one quotient bit per
/// iteration (shift the remainder left, subtract d when it fits). The product is the same
/// `multipliedFullWidth` FullMath uses; only the division differs from Knuth's Algorithm D.
/// Needs d < 2^255 (the remainder never needs a 257th bit) and a quotient below 2^256.
@inlinable
public func naiveMulDiv(_ a: UInt256, _ b: UInt256, _ d: UInt256) -> UInt256 {
    let (high, low) = a.multipliedFullWidth(by: b)
    var remainder = UInt256.zero
    var quotient = UInt256.zero
    var i = high.isZero ? low.bitWidth - 1 : 256 + high.bitWidth - 1
    while i >= 0 {
        let bit: UInt64 = (i >= 256 ? high.bit(i - 256) : low.bit(i)) ? 1 : 0
        remainder = UInt256(w0: remainder.w0 << 1 | bit,
                            w1: remainder.w1 << 1 | remainder.w0 >> 63,
                            w2: remainder.w2 << 1 | remainder.w1 >> 63,
                            w3: remainder.w3 << 1 | remainder.w2 >> 63)
        var qbit: UInt64 = 0
        if remainder >= d {
            remainder = remainder &- d
            qbit = 1
        }
        quotient = UInt256(w0: quotient.w0 << 1 | qbit,
                           w1: quotient.w1 << 1 | quotient.w0 >> 63,
                           w2: quotient.w2 << 1 | quotient.w1 >> 63,
                           w3: quotient.w3 << 1 | quotient.w2 >> 63)
        i -= 1
    }
    return quotient
}

// MARK: - A pool whose swap crosses exactly ten initialized ticks

public struct TenTickSwap: Sendable {
    public var pool: ConcentratedPool
    /// Exact-input token0 amounts, each crossing exactly 10 initialized ticks.
    public var amounts: [Int256]
    public var limit: UInt256

    public init(pool: ConcentratedPool, amounts: [Int256], limit: UInt256) {
        self.pool = pool
        self.amounts = amounts
        self.limit = limit
    }
}

/// A 0.30 % pool (tick spacing 60) at tick 30 with twelve nested positions
/// [−600k, +600k), k = 1…12, of k·10^18 liquidity each: initialized ticks every 600 ticks on
/// both sides. Selling token0 for a price just past tick −6000 (the tenth tick below) — the
/// amount found by a probe swap with a price limit at tick −6300 — crosses exactly ten
/// initialized ticks (−600, −1200, …, −6000) in twelve steps (the word boundary at tick 0,
/// ten crossings, the final partial step).
public func makeTenTickSwap() throws -> TenTickSwap {
    var pool = try ConcentratedPool(fee: 3000, tickSpacing: 60, initialSqrtPriceX96: try TickMath.sqrtPriceAtTick(30))
    for k: Int32 in 1...12 {
        try pool.mint(tickLower: -600 * k, tickUpper: 600 * k, amount: UInt128(k) * 1_000_000_000_000_000_000)
    }
    let probe = try pool.swap(zeroForOne: true, amountSpecified: Int256(Int128(1) << 100),
                              sqrtPriceLimitX96: try TickMath.sqrtPriceAtTick(-6300))
    guard probe.ticksCrossed == 10 else {
        throw BenchmarkSetupError.unexpected("probe swap crossed \(probe.ticksCrossed) ticks, expected 10")
    }
    // Slightly different amounts so the loop cannot be hoisted; all stop between −6600 and −6000.
    let amounts = (0..<8).map { probe.amount0 &- Int256(Int64($0) * 1_000_003) }
    return TenTickSwap(pool: pool, amounts: amounts, limit: TickMath.minSqrtRatio &+ .one)
}

