import DEXMath

/// Exact integer helpers of the simulation. Prices are powers of 1.0001 (ticks), so every
/// conversion between a price, a USD value and a token amount is TickMath plus mulDiv: no
/// floating point decides any state.
enum DevnetIntegers {
    static let q96 = UInt256.one << 96
    static let q192 = UInt256.one << 192

    static func powerOfTen(_ exponent: Int) -> UInt256 {
        var value = UInt256.one
        for _ in 0..<exponent { value = value &* UInt256(10) }
        return value
    }

    /// ⌊√n⌋ by Newton's iteration from above (x₀ = 2^⌈bits/2⌉ ≥ √n decreases strictly to ⌊√n⌋).
    static func squareRoot(_ n: UInt256) -> UInt256 {
        if n.isZero { return .zero }
        var x = UInt256.one << ((n.bitWidth + 1) / 2)
        while true {
            guard let quotient = try? n / x else { return x }
            let next = (x &+ quotient) >> 1
            if next >= x { return x }
            x = next
        }
    }

    /// 1.0001^tick as a Q96 fixed-point number: (√P · 2^96)² / 2^96.
    static func priceX96(tick: Int32) throws(DEXMathError) -> UInt256 {
        let sqrtPrice = try TickMath.sqrtPriceAtTick(clamp(tick))
        return try FullMath.mulDiv(sqrtPrice, sqrtPrice, q96)
    }

    /// ⌊1.0001^tick⌋ for a non-negative power: a token amount whose value is 1.0001^tick units
    /// of another measure (USD, or the other token).
    static func power(tick: Int32) throws(DEXMathError) -> UInt256 {
        let sqrtPrice = try TickMath.sqrtPriceAtTick(clamp(tick))
        return try FullMath.mulDiv(sqrtPrice, sqrtPrice, q192)
    }

    /// `amount` raw units of a token worth 1.0001^rawTick USD each, in USD × 10^18.
    static func usdE18(amount: UInt256, rawTick: Int32) throws(DEXMathError) -> UInt256 {
        try FullMath.mulDiv(amount, try priceX96(tick: rawTick) * powerOfTen(18), q96)
    }

    /// The tick nearest below `usd / 10^decimals` USD per raw unit: where a token's fair price
    /// starts. `usd` is a display parameter, read once at nanodollar resolution.
    static func rawTick(usd: Double, decimals: UInt8) throws(DEXMathError) -> Int32 {
        precondition(usd.isFinite && usd > 0, "a reference price must be positive")
        let nanodollars = UInt256(UInt64((usd * 1e9).rounded()))
        let ratioX192 = try FullMath.mulDiv(nanodollars, q192, powerOfTen(Int(decimals) + 9))
        return try TickMath.tickAtSqrtPrice(squareRoot(ratioX192))
    }

    static func clamp(_ tick: Int32) -> Int32 { min(max(tick, TickMath.minTick), TickMath.maxTick) }

    /// Largest multiple of `spacing` ≤ value (Swift's `/` truncates toward zero).
    static func floor(_ value: Int32, _ spacing: Int32) -> Int32 {
        let q = value / spacing
        return (value % spacing != 0 && value < 0 ? q - 1 : q) * spacing
    }

    /// Smallest multiple of `spacing` ≥ value.
    static func ceil(_ value: Int32, _ spacing: Int32) -> Int32 {
        let q = value / spacing
        return (value % spacing != 0 && value > 0 ? q + 1 : q) * spacing
    }

    static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }
}

extension UInt256 {
    /// Nearest Double, for display fields derived at the edge (USD values, prices).
    var devnetDouble: Double {
        let limb = 18_446_744_073_709_551_616.0
        return ((Double(w3) * limb + Double(w2)) * limb + Double(w1)) * limb + Double(w0)
    }
}
