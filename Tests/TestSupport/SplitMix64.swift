import DEXMath

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, seedable generator, deterministic across
/// platforms, for property tests: a failure names its seed and replays.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value of uniformly random bit width in 1...maxBits, so small and large magnitudes both occur.
    public mutating func uint256(maxBits: Int = 256) -> UInt256 {
        let bits = Int.random(in: 1...maxBits, using: &self)
        let full = UInt256(w0: next(), w1: next(), w2: next(), w3: next())
        return full >> (256 - bits)
    }

    public mutating func uint128(maxBits: Int = 128) -> UInt128 {
        uint256(maxBits: min(maxBits, 128)).exactUInt128!
    }

    /// A sqrt price in [MIN_SQRT_RATIO, MAX_SQRT_RATIO), of random magnitude.
    public mutating func sqrtPrice() -> UInt256 {
        let span = TickMath.maxSqrtRatio &- TickMath.minSqrtRatio
        let offset = uint256(maxBits: 160)
        return TickMath.minSqrtRatio &+ (offset < span ? offset : offset &- span)
    }
}
