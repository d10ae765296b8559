import DEXMath

/// A seeded, reproducible generator for property tests: a failure names its seed and replays.
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

    /// A value of up to `bits` bits, biased toward edge sizes so small and huge both appear.
    public mutating func uint256(maxBits: Int = 256) -> UInt256 {
        let bits = Int.random(in: 0...maxBits, using: &self)
        let raw = UInt256(w0: next(), w1: next(), w2: next(), w3: next())
        return bits == 0 ? .zero : raw >> (256 - bits)
    }
}
