// Helpers shared by the DEXMath test files: literal parsing, the published JS helpers'
// constants, a seeded generator and the bigint fixture loader.

import DEXMath
import Foundation

/// A UInt256 from decimal text written in a test; a typo is a programming error.
func u256(_ text: String) -> UInt256 {
    guard let value = UInt256(text) else { preconditionFailure("bad UInt256 literal \(text)") }
    return value
}

func i256(_ text: String) -> Int256 {
    guard let value = Int256(text) else { preconditionFailure("bad Int256 literal \(text)") }
    return value
}

/// `expandTo18Decimals(n)` of the Uniswap test utilities: n·10^18.
func e18(_ n: UInt64) -> UInt256 {
    UInt256(n).multipliedFullWidth(by: UInt256(1_000_000_000_000_000_000)).low
}

/// 2^n.
func pow2(_ n: Int) -> UInt256 { UInt256.one << n }

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, seedable, deterministic across platforms.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A value of uniformly random bit width in 1...maxBits, so small and large magnitudes both occur.
    mutating func uint256(maxBits: Int = 256) -> UInt256 {
        let bits = Int.random(in: 1...maxBits, using: &self)
        let full = UInt256(w0: next(), w1: next(), w2: next(), w3: next())
        return full >> (256 - bits)
    }

    mutating func uint128(maxBits: Int = 128) -> UInt128 {
        uint256(maxBits: maxBits).exactUInt128!
    }

    /// A sqrt price in [MIN_SQRT_RATIO, MAX_SQRT_RATIO), of random magnitude.
    mutating func sqrtPrice() -> UInt256 {
        let span = TickMath.maxSqrtRatio &- TickMath.minSqrtRatio
        let offset = uint256(maxBits: 160)
        return TickMath.minSqrtRatio &+ (offset < span ? offset : offset &- span)
    }
}

// MARK: - bigint fixture (Fixtures/bigint_vectors.json, written by Fixtures/generate_vectors.py)

struct BigIntVectors: Decodable {
    struct Binary: Decodable { let a: String; let b: String; let result: String; let overflow: Bool }
    struct Product: Decodable { let a: String; let b: String; let high: String; let low: String }
    struct DivMod: Decodable { let a: String; let b: String; let quotient: String; let remainder: String }
    struct WideDivision: Decodable { let high: String; let low: String; let divisor: String; let quotient: String; let remainder: String }
    struct MulDiv: Decodable { let a: String; let b: String; let d: String; let floor: String?; let ceil: String? }
    struct Shift: Decodable { let a: String; let shift: Int; let left: String; let right: String }
    struct Text: Decodable { let decimal: String; let hex: String; let padded: String }
    struct Signed: Decodable {
        let a: String, b: String
        let sum: String?, difference: String?, product: String?, negation: String?
        let wrappingSum: String, wrappingDifference: String, wrappingProduct: String
        let shift: Int, arithmeticRight: String
        let bitPattern: String
        let less: Bool
    }

    let seed: UInt64
    let add: [Binary]
    let sub: [Binary]
    let mul: [Product]
    let divmod: [DivMod]
    let divFullWidth: [WideDivision]
    let mulDiv: [MulDiv]
    let shifts: [Shift]
    let strings: [Text]
    let int256: [Signed]

    /// Loaded once, relative to this source file, so no resource declaration is needed.
    static let shared: BigIntVectors = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .appendingPathComponent("Fixtures/bigint_vectors.json")
        do {
            return try JSONDecoder().decode(BigIntVectors.self, from: Data(contentsOf: url))
        } catch {
            preconditionFailure("cannot load \(url.path): \(error)")
        }
    }()
}
