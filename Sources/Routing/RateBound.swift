import DEXMath

/// A bound on a positive real number, m·2^e with a 64-bit mantissa, rounded in a chosen
/// direction at every step. Path search multiplies exchange-rate bounds along paths to prune
/// what cannot win; rounding each operation outward keeps the bounds valid without floating
/// point, so pruning never discards a path that could be better.
public struct RateBound: Sendable, Hashable, Comparable {
    /// Normalised: the top bit is set, or the value is zero (mantissa 0).
    public private(set) var mantissa: UInt64
    public private(set) var exponent: Int32

    public enum Rounding: Sendable { case up, down }

    public static let zero = RateBound(mantissa: 0, exponent: 0)
    public static let one = RateBound(mantissa: 1 << 63, exponent: -63)
    /// Larger than any amount or rate; products with it stay far from exponent overflow.
    public static let infinity = RateBound(mantissa: .max, exponent: 1 << 20)

    init(mantissa: UInt64, exponent: Int32) {
        self.mantissa = mantissa
        self.exponent = exponent
    }

    public var isZero: Bool { mantissa == 0 }

    @inline(__always)
    public init(_ value: UInt256, rounding: Rounding) {
        // The top two limbs from the highest non-zero one, and whether any limb below is set.
        let (high, low, exponent, rest): (UInt64, UInt64, Int32, Bool) =
            value.w3 != 0 ? (value.w3, value.w2, 128, value.w1 | value.w0 != 0)
            : value.w2 != 0 ? (value.w2, value.w1, 64, value.w0 != 0)
            : value.w1 != 0 ? (value.w1, value.w0, 0, false)
            : (value.w0, 0, -64, false)
        if high == 0 { self = .zero; return }
        // Shift the two limbs left until the top bit is set; what stays below is dropped.
        let shift = UInt64(high.leadingZeroBitCount)
        let mantissa = shift == 0 ? high : high << shift | low >> (64 - shift)
        let dropped = (shift == 0 ? low : low << shift) != 0 || rest
        self = Self.rounded(mantissa, exponent: exponent + 64 - Int32(shift), inexact: dropped, rounding: rounding)
    }

    /// value·2^k, exactly.
    public func scaled(byPowerOfTwo k: Int32) -> RateBound {
        isZero ? self : RateBound(mantissa: mantissa, exponent: exponent + k)
    }

    @inline(__always)
    public func multiplied(by other: RateBound, rounding: Rounding) -> RateBound {
        if isZero || other.isZero { return .zero }
        let (high, low) = mantissa.multipliedFullWidth(by: other.mantissa)
        // The product lies in [2^126, 2^128): keep its top 64 bits.
        if high >> 63 == 1 {
            return Self.rounded(high, exponent: exponent + other.exponent + 64, inexact: low != 0, rounding: rounding)
        }
        let top = high << 1 | low >> 63
        return Self.rounded(top, exponent: exponent + other.exponent + 63, inexact: low << 1 != 0, rounding: rounding)
    }

    /// self / other; `other` must not be zero.
    @inline(__always)
    public func divided(by other: RateBound, rounding: Rounding) -> RateBound {
        if isZero || other.isZero { return .zero }
        // m1·2^64 / m2 when m1 < m2, else m1·2^63 / m2: a quotient in [2^63, 2^64), one
        // hardware division, exact but for the remainder.
        let shift: UInt64 = mantissa < other.mantissa ? 64 : 63
        let numerator = (high: shift == 64 ? mantissa : mantissa >> 1, low: shift == 64 ? 0 : mantissa << 63)
        let (q, r) = other.mantissa.dividingFullWidth(numerator)
        return Self.rounded(q, exponent: exponent - other.exponent - Int32(shift), inexact: r != 0, rounding: rounding)
    }

    /// self + other.
    public func adding(_ other: RateBound, rounding: Rounding) -> RateBound {
        if isZero { return other }
        if other.isZero { return self }
        let (big, small) = exponent >= other.exponent ? (self, other) : (other, self)
        let (aligned, lost) = small.aligned(belowTopOf: big)
        return Self.normalised(UInt128(big.mantissa) << 63 + aligned, exponent: big.exponent - 63, inexact: lost, rounding: rounding)
    }

    /// self − other, or zero when other is not smaller.
    public func subtracting(_ other: RateBound, rounding: Rounding) -> RateBound {
        if other.isZero { return self }
        guard other < self else { return .zero }
        let (aligned, lost) = other.aligned(belowTopOf: self)
        // A dropped part of what is subtracted makes the exact difference a little smaller.
        let difference = UInt128(mantissa) << 63 - aligned - (lost ? 1 : 0)
        return Self.normalised(difference, exponent: exponent - 63, inexact: lost, rounding: rounding)
    }

    /// The mantissa scaled to `big`'s mantissa shifted left by 63 bits, and whether bits fell off.
    private func aligned(belowTopOf big: RateBound) -> (UInt128, Bool) {
        let shift = Int(big.exponent - exponent)
        let wide = UInt128(mantissa) << 63
        if shift >= 127 { return (0, true) }
        return (wide >> UInt128(shift), wide & ((1 << UInt128(shift)) - 1) != 0)
    }

    /// Whether an amount bounded above by `self` can exceed `amount`: false proves it cannot.
    public func canExceed(_ amount: UInt256) -> Bool {
        self > RateBound(amount, rounding: .down)
    }

    /// Whether an amount bounded below by `self` can be under `amount`.
    public func canBeBelow(_ amount: UInt256) -> Bool {
        self < RateBound(amount, rounding: .up)
    }

    /// A mantissa whose top bit is already set (products and quotients of normalised ones),
    /// rounded up by one unit when bits were dropped and rounding is up.
    @inline(__always)
    static func rounded(_ mantissa: UInt64, exponent: Int32, inexact: Bool, rounding: Rounding) -> RateBound {
        guard inexact && rounding == .up else { return RateBound(mantissa: mantissa, exponent: exponent) }
        let (up, carried) = mantissa.addingReportingOverflow(1)
        return carried ? RateBound(mantissa: 1 << 63, exponent: exponent + 1) : RateBound(mantissa: up, exponent: exponent)
    }

    /// Brings a mantissa of up to 66 bits back to 64, rounding as asked. Inexact inputs always
    /// carry at least 64 significant bits, so only exact values are shifted left.
    static func normalised(_ value: UInt128, exponent: Int32, inexact: Bool, rounding: Rounding) -> RateBound {
        if value == 0 { return .zero }
        var m = value
        var e = exponent
        var lost = inexact
        let bits = 128 - m.leadingZeroBitCount
        if bits > 64 {
            let shift = bits - 64
            lost = lost || m & ((1 << UInt128(shift)) - 1) != 0
            m >>= UInt128(shift)
            e += Int32(shift)
        } else if bits < 64 {
            m <<= UInt128(64 - bits)
            e -= Int32(64 - bits)
        }
        if lost && rounding == .up {
            m += 1
            if m >> 64 != 0 { m >>= 1; e += 1 }
        }
        return RateBound(mantissa: UInt64(m), exponent: e)
    }

    @inline(__always)
    public static func < (lhs: RateBound, rhs: RateBound) -> Bool {
        if lhs.isZero || rhs.isZero { return lhs.isZero && !rhs.isZero }
        if lhs.exponent != rhs.exponent { return lhs.exponent < rhs.exponent }
        return lhs.mantissa < rhs.mantissa
    }
}

extension RateBound {
    /// floor(value), saturating at 2^256 − 1; for display figures derived from bounds.
    public var integerPart: UInt256 {
        if isZero || exponent <= -64 { return .zero }
        if exponent >= 192 { return .max }
        return exponent >= 0 ? UInt256(mantissa) << Int(exponent) : UInt256(mantissa >> UInt64(-exponent))
    }
}
