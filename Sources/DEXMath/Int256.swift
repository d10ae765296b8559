/// A signed 256-bit integer in two's complement: Solidity's `int256`.
///
/// Like `UInt256`, nothing traps: `+`, `-`, `*` and negation throw `DEXMathError.overflow`.
@frozen
public struct Int256: Sendable, Hashable {
    /// The two's-complement bits.
    public var bitPattern: UInt256

    @inlinable
    public init(bitPattern: UInt256) {
        self.bitPattern = bitPattern
    }

    @inlinable
    public init(_ value: Int64) {
        let fill: UInt64 = value < 0 ? .max : 0
        self.init(bitPattern: UInt256(w0: UInt64(bitPattern: value), w1: fill, w2: fill, w3: fill))
    }

    @inlinable
    public init(_ value: Int128) {
        let fill: UInt64 = value < 0 ? .max : 0
        let bits = UInt128(bitPattern: value)
        self.init(bitPattern: UInt256(w0: UInt64(truncatingIfNeeded: bits), w1: UInt64(truncatingIfNeeded: bits >> 64), w2: fill, w3: fill))
    }

    /// Nil when `value` > Int256.max (SafeCast.toInt256 reverts there).
    @inlinable
    public init?(exactly value: UInt256) {
        guard value.w3 >> 63 == 0 else { return nil }
        self.init(bitPattern: value)
    }

    // Computed, not `static let`, so that reads fold to constants (see UInt256.zero).
    @inlinable @inline(__always) public static var zero: Int256 { Int256(bitPattern: .zero) }
    @inlinable @inline(__always) public static var one: Int256 { Int256(bitPattern: .one) }
    @inlinable @inline(__always) public static var max: Int256 { Int256(bitPattern: UInt256(w0: .max, w1: .max, w2: .max, w3: UInt64(Int64.max))) }
    @inlinable @inline(__always) public static var min: Int256 { Int256(bitPattern: UInt256(w0: 0, w1: 0, w2: 0, w3: UInt64(1) << 63)) }

    @inlinable
    public var isNegative: Bool { bitPattern.w3 >> 63 == 1 }

    @inlinable
    public var isZero: Bool { bitPattern.isZero }

    /// |self| as an unsigned value; |Int256.min| = 2^255 fits.
    @inlinable
    public var magnitude: UInt256 {
        isNegative ? (~bitPattern) &+ .one : bitPattern
    }

    /// The value as UInt256 when it is not negative.
    @inlinable
    public var exactUInt256: UInt256? { isNegative ? nil : bitPattern }

    /// The value as Int128 when it fits (SafeCast.toInt128).
    @inlinable
    public var exactInt128: Int128? {
        let low = Int128(bitPattern: UInt128(bitPattern.w1) << 64 | UInt128(bitPattern.w0))
        return Int256(low) == self ? low : nil
    }

    /// -magnitude, or nil when it does not fit (magnitude > 2^255).
    @inlinable
    public static func negative(magnitude: UInt256) -> Int256? {
        let result = Int256(bitPattern: (~magnitude) &+ .one)
        if magnitude.isZero { return .zero }
        return result.isNegative ? result : nil
    }
}

extension Int256: Comparable {
    @inlinable
    public static func < (lhs: Int256, rhs: Int256) -> Bool {
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        return lhs.bitPattern < rhs.bitPattern
    }
}

extension Int256: ExpressibleByIntegerLiteral {
    @inlinable
    public init(integerLiteral value: Int64) {
        self.init(value)
    }
}

extension Int256 {
    @inlinable
    public func addingReportingOverflow(_ rhs: Int256) -> (partialValue: Int256, overflow: Bool) {
        let sum = Int256(bitPattern: bitPattern &+ rhs.bitPattern)
        // Overflow iff both operands share a sign and the sum's sign differs.
        let overflow = isNegative == rhs.isNegative && sum.isNegative != isNegative
        return (sum, overflow)
    }

    @inlinable
    public func subtractingReportingOverflow(_ rhs: Int256) -> (partialValue: Int256, overflow: Bool) {
        let difference = Int256(bitPattern: bitPattern &- rhs.bitPattern)
        let overflow = isNegative != rhs.isNegative && difference.isNegative != isNegative
        return (difference, overflow)
    }

    @inlinable
    public static func + (lhs: Int256, rhs: Int256) throws(DEXMathError) -> Int256 {
        let (r, o) = lhs.addingReportingOverflow(rhs)
        if o { throw .overflow }
        return r
    }

    @inlinable
    public static func - (lhs: Int256, rhs: Int256) throws(DEXMathError) -> Int256 {
        let (r, o) = lhs.subtractingReportingOverflow(rhs)
        if o { throw .overflow }
        return r
    }

    @inlinable
    public static func * (lhs: Int256, rhs: Int256) throws(DEXMathError) -> Int256 {
        let (high, low) = lhs.magnitude.multipliedFullWidth(by: rhs.magnitude)
        if !high.isZero { throw .overflow }
        if lhs.isNegative != rhs.isNegative {
            guard let r = negative(magnitude: low) else { throw .overflow }
            return r
        }
        guard let r = Int256(exactly: low) else { throw .overflow }
        return r
    }

    @inlinable
    public static prefix func - (value: Int256) throws(DEXMathError) -> Int256 {
        if value == .min { throw .overflow }
        return Int256(bitPattern: (~value.bitPattern) &+ .one)
    }

    /// Arithmetic shift right (rounds toward negative infinity, as the EVM's SAR).
    @inlinable
    public static func >> (lhs: Int256, rhs: Int) -> Int256 {
        guard lhs.isNegative else { return Int256(bitPattern: lhs.bitPattern >> rhs) }
        return Int256(bitPattern: ~((~lhs.bitPattern) >> rhs))
    }

    @inlinable
    public static func << (lhs: Int256, rhs: Int) -> Int256 {
        Int256(bitPattern: lhs.bitPattern << rhs)
    }

    /// Truncates to the low 64 bits, reinterpreted as signed (Solidity's `int24(x)` style cast, widened).
    @inlinable
    public var truncatedInt64: Int64 { Int64(bitPattern: bitPattern.w0) }
}

extension Int256: CustomStringConvertible {
    public var description: String { isNegative ? "-" + magnitude.decimalString : magnitude.decimalString }

    /// Decimal digits with an optional leading "-". Nil if malformed or outside [-2^255, 2^255 - 1].
    public init?(_ text: some StringProtocol) {
        var digits = Substring(text)
        let negative = digits.hasPrefix("-")
        if negative { digits = digits.dropFirst() }
        guard let magnitude = UInt256(digits) else { return nil }
        if negative {
            guard let value = Int256.negative(magnitude: magnitude) else { return nil }
            self = value
        } else {
            guard let value = Int256(exactly: magnitude) else { return nil }
            self = value
        }
    }
}

extension Int256: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Int256(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a signed decimal integer string within int256, got \"\(text.prefix(80))\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Int256 {
    /// Wrapping (mod 2^256) arithmetic: Solidity 0.7's unchecked int256 operators.
    @inlinable
    public static func &+ (lhs: Int256, rhs: Int256) -> Int256 { Int256(bitPattern: lhs.bitPattern &+ rhs.bitPattern) }

    @inlinable
    public static func &- (lhs: Int256, rhs: Int256) -> Int256 { Int256(bitPattern: lhs.bitPattern &- rhs.bitPattern) }

    /// Two's-complement products agree with unsigned ones modulo 2^256.
    @inlinable
    public static func &* (lhs: Int256, rhs: Int256) -> Int256 { Int256(bitPattern: lhs.bitPattern &* rhs.bitPattern) }
}
