/// Conversion between ticks and sqrt prices: sqrtPriceX96 = sqrt(1.0001^tick)·2^96, exactly as
/// v3-core's `TickMath` computes it (the same constants, shifts and rounding).
public enum TickMath {
    /// log base 1.0001 of 2^-128, and its negation.
    @inlinable @inline(__always) public static var minTick: Int32 { -887272 }
    @inlinable @inline(__always) public static var maxTick: Int32 { 887272 }

    /// sqrtPriceAtTick(minTick) and sqrtPriceAtTick(maxTick).
    @inlinable @inline(__always) public static var minSqrtRatio: UInt256 { UInt256(4_295_128_739) }
    @inlinable @inline(__always) public static var maxSqrtRatio: UInt256 { UInt256(w0: 0x5d95_1d52_6398_8d26, w1: 0xefd1_fc6a_5064_8849, w2: 0xfffd_8963, w3: 0) }

    /// 255738958999603826347141 = 2^64 / log2(sqrt(1.0001)), scaled so the product is Q128.128.
    @inlinable @inline(__always) static var log2Sqrt10001Inverse: Int256 { Int256(bitPattern: UInt256(w0: 0xa301_d710_5577_4c85, w1: 0x3627, w2: 0, w3: 0)) }
    /// 3402992956809132418596140100660247210 and 291339464771989622907027621153398088495: the
    /// approximation's error bounds below and above.
    @inlinable @inline(__always) static var tickLowErrorBound: Int256 { Int256(bitPattern: UInt256(w0: 0x5af0_12a1_9d00_3aaa, w1: 0x028f_6481_ab7f_045a, w2: 0, w3: 0)) }
    @inlinable @inline(__always) static var tickHighErrorBound: Int256 { Int256(bitPattern: UInt256(w0: 0x455e_2607_99a0_632f, w1: 0xdb2d_f09e_8195_9a81, w2: 0, w3: 0)) }

    /// sqrt(1.0001^tick)·2^96, rounded up. Throws `.tickOutOfRange` when |tick| > maxTick.
    @inlinable
    public static func sqrtPriceAtTick(_ tick: Int32) throws(DEXMathError) -> UInt256 {
        let absTick = UInt32(tick.magnitude)
        if absTick > UInt32(maxTick) { throw .tickOutOfRange }
        // Tick 0: v3-core's ratio stays 2^128, which is exactly 2^96 in Q64.96.
        if absTick == 0 { return FixedPoint96.q96 }

        // ratio = 2^128 / sqrt(1.0001)^absTick in Q128.128, the product of the factors
        // 2^128 / sqrt(1.0001)^(2^i) of the set bits, each step (ratio·factor) >> 128, as in
        // v3-core. Every factor and every product after the first is < 2^128, so the arithmetic
        // stays in UInt128. The one exception is v3-core's starting value 2^128 when bit 0 is
        // clear: it is written 0 here, and since (2^128·f) >> 128 = f the first factor replaces it.
        var ratio: UInt128 = absTick & 0x1 != 0 ? 0xfffc_b933_bd6f_ad37_aa2d_162d_1a59_4001 : 0
        if absTick & 0x2 != 0 { ratio = mulShift128(ratio, 0xfff9_7272_373d_4132_59a4_6990_580e_213a) }
        if absTick & 0x4 != 0 { ratio = mulShift128(ratio, 0xfff2_e50f_5f65_6932_ef12_357c_f3c7_fdcc) }
        if absTick & 0x8 != 0 { ratio = mulShift128(ratio, 0xffe5_caca_7e10_e4e6_1c36_24ea_a094_1cd0) }
        if absTick & 0x10 != 0 { ratio = mulShift128(ratio, 0xffcb_9843_d60f_6159_c9db_5883_5c92_6644) }
        if absTick & 0x20 != 0 { ratio = mulShift128(ratio, 0xff97_3b41_fa98_c081_472e_6896_dfb2_54c0) }
        if absTick & 0x40 != 0 { ratio = mulShift128(ratio, 0xff2e_a164_66c9_6a38_43ec_78b3_26b5_2861) }
        if absTick & 0x80 != 0 { ratio = mulShift128(ratio, 0xfe5d_ee04_6a99_a2a8_11c4_61f1_969c_3053) }
        if absTick & 0x100 != 0 { ratio = mulShift128(ratio, 0xfcbe_86c7_900a_88ae_dcff_c83b_479a_a3a4) }
        if absTick & 0x200 != 0 { ratio = mulShift128(ratio, 0xf987_a725_3ac4_1317_6f2b_074c_f781_5e54) }
        if absTick & 0x400 != 0 { ratio = mulShift128(ratio, 0xf339_2b08_22b7_0005_940c_7a39_8e4b_70f3) }
        if absTick & 0x800 != 0 { ratio = mulShift128(ratio, 0xe715_9475_a2c2_9b74_43b2_9c7f_a6e8_89d9) }
        if absTick & 0x1000 != 0 { ratio = mulShift128(ratio, 0xd097_f3bd_fd20_22b8_845a_d8f7_92aa_5825) }
        if absTick & 0x2000 != 0 { ratio = mulShift128(ratio, 0xa9f7_4646_2d87_0fdf_8a65_dc1f_90e0_61e5) }
        if absTick & 0x4000 != 0 { ratio = mulShift128(ratio, 0x70d8_69a1_56d2_a1b8_90bb_3df6_2baf_32f7) }
        if absTick & 0x8000 != 0 { ratio = mulShift128(ratio, 0x31be_135f_97d0_8fd9_8123_1505_542f_cfa6) }
        if absTick & 0x10000 != 0 { ratio = mulShift128(ratio, 0x09aa_508b_5b7a_84e1_c677_de54_f3e9_9bc9) }
        if absTick & 0x20000 != 0 { ratio = mulShift128(ratio, 0x005d_6af8_dedb_8119_6699_c329_225e_e604) }
        if absTick & 0x40000 != 0 { ratio = mulShift128(ratio, 0x0000_2216_e584_f5fa_1ea9_2604_1bed_fe98) }
        if absTick & 0x80000 != 0 { ratio = mulShift128(ratio, 0x0000_0000_048a_1703_91f7_dc42_444e_8fa2) }

        // Positive ticks invert (v3-core: type(uint256).max / ratio). The ratio is at least
        // 2^64 here (|tick| ≤ maxTick), so the quotient has at most 192 bits.
        let q128: UInt256 = tick > 0 ? UInt256.divide(high: .zero, low: .max, by: UInt256(ratio)).quotientLow : UInt256(ratio)

        // Q128.128 → Q128.96, rounding up so tickAtSqrtPrice of the result is consistent.
        let roundUp: UInt64 = q128.w0 & 0xffff_ffff == 0 ? 0 : 1
        return (q128 >> 32) &+ UInt256(roundUp)
    }

    /// (ratio·factor) >> 128, where a ratio of 0 stands for 2^128 (see sqrtPriceAtTick): the high
    /// half of a 128×128-bit product, from four 64×64-bit ones.
    @inlinable @inline(__always)
    static func mulShift128(_ ratio: UInt128, _ factor: UInt128) -> UInt128 {
        if ratio == 0 { return factor }
        let (x1, x0) = (UInt64(truncatingIfNeeded: ratio &>> 64), UInt64(truncatingIfNeeded: ratio))
        let (y1, y0) = (UInt64(truncatingIfNeeded: factor &>> 64), UInt64(truncatingIfNeeded: factor))
        let low = UInt128(x0) &* UInt128(y0)
        let cross1 = UInt128(x0) &* UInt128(y1)
        let cross2 = UInt128(x1) &* UInt128(y0)
        // Bits 64…191 of the product: three terms < 2^128 each; the carry above bit 128 is added separately.
        let middle = (low &>> 64) &+ (cross1 & 0xffff_ffff_ffff_ffff) &+ (cross2 & 0xffff_ffff_ffff_ffff)
        return UInt128(x1) &* UInt128(y1) &+ (cross1 &>> 64) &+ (cross2 &>> 64) &+ (middle &>> 64)
    }

    /// The greatest tick whose sqrt price is ≤ sqrtPriceX96. Throws `.sqrtPriceOutOfRange`
    /// outside [minSqrtRatio, maxSqrtRatio).
    @inlinable
    public static func tickAtSqrtPrice(_ sqrtPriceX96: UInt256) throws(DEXMathError) -> Int32 {
        if sqrtPriceX96 < minSqrtRatio || sqrtPriceX96 >= maxSqrtRatio { throw .sqrtPriceOutOfRange }
        let ratio = sqrtPriceX96 << 32
        let msb = 255 - ratio.leadingZeroBitCount

        // Normalise to r in [2^127, 2^128): a Q1.127 mantissa.
        let normalised = msb >= 128 ? ratio >> (msb - 127) : ratio << (127 - msb)
        var r = UInt128(normalised.w1) << 64 | UInt128(normalised.w0)

        // log2 in Q64.64: the integer part from msb, then 14 fraction bits by repeated squaring.
        var log2 = Int128(msb - 128) << 64
        for bit in stride(from: 63, through: 50, by: -1) {
            let (high, low) = r.multipliedFullWidth(by: r)
            // r² >> 127 is < 2^129; its top bit f is the next binary digit of the logarithm, and
            // r² >> (127 + f) renormalises. Written without a branch, as in v3-core's assembly:
            // the digits are as good as random, so a branch would mispredict half the time.
            let f = UInt64(truncatingIfNeeded: high &>> 127)
            log2 |= Int128(f &<< bit)  // bit < 64
            // keepLow is all ones when f == 0: then r = 2·high + (low >> 127); else r = high.
            let keepLow = UInt128(f) &- 1
            r = (high &+ (high & keepLow)) | ((low &>> 127) & keepLow)
        }

        // log_sqrt(1.0001)(x) = log2(x) · 255738958999603826347141 (Q128.128), then the
        // error bounds of the approximation give the two candidate ticks.
        let logSqrt10001 = Int256(log2) &* log2Sqrt10001Inverse
        let tickLow = Int32(truncatingIfNeeded: ((logSqrt10001 &- tickLowErrorBound) >> 128).truncatedInt64)
        let tickHigh = Int32(truncatingIfNeeded: ((logSqrt10001 &+ tickHighErrorBound) >> 128).truncatedInt64)
        if tickLow == tickHigh { return tickLow }
        let highPrice = (try? sqrtPriceAtTick(tickHigh)) ?? .max
        return highPrice <= sqrtPriceX96 ? tickHigh : tickLow
    }
}
