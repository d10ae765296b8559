import DEXMath

/// Gas units → their value in the quote token: ⌊units · gasPrice · valuation / 10^16⌋, where
/// `valuation` is what 0.01 ETH (10^16 wei) buys of the token; 2^256 − 1 where that overflows.
///
/// A quote values gas for every path and allocation it scores, a few hundred times. Split once
/// as P = gasPrice · valuation = q · 10^16 + r, each value is units · q + ⌊units · r / 10^16⌋
/// (r < 10^16, so units · r < 2^118): a multiplication and one 128-bit division instead of a
/// 512-bit one. Exact: units · P = units · q · 10^16 + units · r.
struct GasValue: Sendable {
    private enum Form {
        /// No gas price, or a token gas cannot be priced in: gas is not valued.
        case zero
        case split(quotient: UInt256, remainder: UInt64)
        /// P itself overflows: the product is divided at full width.
        case general(gasPrice: UInt256, valuation: UInt256)
    }

    private let form: Form
    private static let per = QuoteEngine.gasValuationAmount

    init(gasPrice: UInt256, valuation: UInt256?) {
        guard let valuation, !gasPrice.isZero else {
            form = .zero
            return
        }
        let (product, overflow) = gasPrice.multipliedReportingOverflow(by: valuation)
        guard !overflow, let (quotient, remainder) = try? product.quotientAndRemainder(dividingBy: Self.per) else {
            form = .general(gasPrice: gasPrice, valuation: valuation)
            return
        }
        form = .split(quotient: quotient, remainder: remainder.w0)
    }

    func callAsFunction(_ units: UInt64) -> UInt256 {
        switch form {
        case .zero:
            return .zero
        case .split(let quotient, let remainder):
            let (whole, overflow) = quotient.multipliedReportingOverflow(by: UInt256(units))
            let fraction = UInt128(units) * UInt128(remainder) / UInt128(Self.per.w0)
            let (value, carry) = whole.addingReportingOverflow(UInt256(UInt64(fraction)))
            return overflow || carry ? .max : value
        case .general(let gasPrice, let valuation):
            let wei = (try? UInt256(units) * gasPrice) ?? .max
            return (try? FullMath.mulDiv(wei, valuation, Self.per)) ?? .max
        }
    }
}
