import DEXMath

/// Floating-point views of exact integers, for display fields only (USD values, chart prices).
/// State and amounts never go through these.
public enum DisplayNumbers {
    /// `value` as a Double (rounded to 53 significant bits).
    public static func double(_ value: UInt256) -> Double {
        var result = 0.0
        for index in stride(from: 3, through: 0, by: -1) { result = result * 18446744073709551616.0 + Double(value.limb(index)) }
        return result
    }

    public static func double(_ value: Int256) -> Double {
        value.isNegative ? -double(value.magnitude) : double(value.magnitude)
    }

    /// `amount` of a token with `decimals` in whole tokens.
    public static func tokens(_ amount: UInt256, decimals: UInt8) -> Double {
        double(amount) / pow10(Int(decimals))
    }

    /// token1 per token0 in whole tokens, from a Q64.96 square-root price.
    public static func price(sqrtPriceX96: UInt256, decimals0: UInt8, decimals1: UInt8) -> Double {
        let root = double(sqrtPriceX96) / 79228162514264337593543950336.0
        return root * root * pow10(Int(decimals0) - Int(decimals1))
    }

    /// token1 per token0 in whole tokens, from constant-product reserves.
    public static func price(reserve0: UInt256, reserve1: UInt256, decimals0: UInt8, decimals1: UInt8) -> Double {
        guard !reserve0.isZero else { return 0 }
        return double(reserve1) / double(reserve0) * pow10(Int(decimals0) - Int(decimals1))
    }

    static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent >= 0 ? result : 1 / result
    }
}
