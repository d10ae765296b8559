/// USD figures are display values: finite, and rounded so that float noise does not show.
enum Display {
    static func usd(_ value: Double) -> Double {
        guard value.isFinite else { return 0 }
        return (value * 1_000_000).rounded() / 1_000_000
    }

    static func usdOrNil(_ value: Double?) -> Double? {
        value.map(usd)
    }

    /// Prices span many magnitudes (SHIB in ETH, BTC in USDC): keep 10 significant digits.
    static func price(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return 0 }
        let digits = 10 - Int((value.magnitude).log10().rounded(.down)) - 1
        guard digits > 0, digits < 300 else { return value }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}

extension Double {
    fileprivate func log10() -> Double {
        var value = self, exponent = 0.0
        while value >= 10 { value /= 10; exponent += 1 }
        while value < 1 { value *= 10; exponent -= 1 }
        return exponent
    }
}
