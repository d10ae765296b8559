import DEXMath
@testable import Routing
import Testing
import TestSupport

@Suite struct GasValueTests {
    /// The formula as written: units · gasPrice, times the valuation, over 10^16, at full width.
    static func reference(_ units: UInt64, gasPrice: UInt256, valuation: UInt256?) -> UInt256 {
        guard let valuation, !gasPrice.isZero else { return .zero }
        let wei = (try? UInt256(units) * gasPrice) ?? .max
        return (try? FullMath.mulDiv(wei, valuation, QuoteEngine.gasValuationAmount)) ?? .max
    }

    /// The split form equals the full-width formula to the wei, for prices and valuations from
    /// one wei to where their product overflows, and saturates where the value does.
    @Test func equalsTheFullWidthFormula() {
        var rng = SplitMix64(seed: 21)
        func value(bits: Int) -> UInt256 {
            let full = UInt256(w0: rng.next(), w1: rng.next(), w2: rng.next(), w3: rng.next())
            return full >> (256 - max(1, bits))
        }
        var checked = 0
        for _ in 0..<3_000 {
            let gasPrice = value(bits: Int(rng.next() % 81))
            let valuation: UInt256? = rng.next() % 10 == 0 ? nil : value(bits: Int(rng.next() % 257))
            let gas = GasValue(gasPrice: gasPrice, valuation: valuation)
            for units in [0, 1, 21_000, 1_500_000, rng.next() % 10_000_000, rng.next(), .max] as [UInt64] {
                #expect(gas(units) == Self.reference(units, gasPrice: gasPrice, valuation: valuation),
                        "units \(units) price \(gasPrice) valuation \(String(describing: valuation))")
                checked += 1
            }
        }
        #expect(checked == 21_000)
        // Saturation: a product past 2^256 and a value past it.
        #expect(GasValue(gasPrice: .max, valuation: .max)(2) == .max)
        #expect(GasValue(gasPrice: UInt256(1) << 200, valuation: UInt256(1) << 50)(.max) == .max)
        #expect(GasValue(gasPrice: .zero, valuation: .max)(.max) == .zero)
    }
}
