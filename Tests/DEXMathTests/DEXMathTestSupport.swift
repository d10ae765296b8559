// Helpers shared by the DEXMath test files: literal parsing, the published JS helpers'
// constants, and the bigint fixture loader.

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
