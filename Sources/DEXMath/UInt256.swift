/// An unsigned 256-bit integer: the EVM's word.
///
/// Fixed width and allocation-free (four 64-bit limbs, least significant first). Arithmetic that
/// can overflow either throws `DEXMathError.overflow` (`+`, `-`, `*`), reports it
/// (`addingReportingOverflow`, …) or wraps because the caller asked for it by name (`&+`, `&-`,
/// `&*`, the Solidity `unchecked` semantics). Nothing traps.
@frozen
public struct UInt256: Sendable, Hashable {
    public var w0: UInt64
    public var w1: UInt64
    public var w2: UInt64
    public var w3: UInt64

    @inlinable
    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    @inlinable
    public init(_ value: UInt64) {
        self.init(w0: value, w1: 0, w2: 0, w3: 0)
    }

    @inlinable
    public init(_ value: UInt128) {
        self.init(w0: UInt64(truncatingIfNeeded: value), w1: UInt64(truncatingIfNeeded: value >> 64), w2: 0, w3: 0)
    }

    /// Nil for negative values.
    @inlinable
    public init?(exactly value: Int) {
        guard value >= 0 else { return nil }
        self.init(UInt64(value))
    }

    // Computed rather than `static let`: a stored global is read through a lazy-initialisation
    // accessor on every use, which also hides the value from constant folding.
    @inlinable @inline(__always) public static var zero: UInt256 { UInt256(w0: 0, w1: 0, w2: 0, w3: 0) }
    @inlinable @inline(__always) public static var one: UInt256 { UInt256(w0: 1, w1: 0, w2: 0, w3: 0) }
    @inlinable @inline(__always) public static var max: UInt256 { UInt256(w0: .max, w1: .max, w2: .max, w3: .max) }

    @inlinable
    public var isZero: Bool { (w0 | w1 | w2 | w3) == 0 }

    /// The low 128 bits, when the value fits.
    @inlinable
    public var exactUInt128: UInt128? {
        guard (w2 | w3) == 0 else { return nil }
        return UInt128(w1) << 64 | UInt128(w0)
    }

    @inlinable
    public var exactUInt64: UInt64? {
        guard (w1 | w2 | w3) == 0 else { return nil }
        return w0
    }

    @inlinable
    public var leadingZeroBitCount: Int {
        if w3 != 0 { return w3.leadingZeroBitCount }
        if w2 != 0 { return 64 + w2.leadingZeroBitCount }
        if w1 != 0 { return 128 + w1.leadingZeroBitCount }
        return 192 + w0.leadingZeroBitCount
    }

    @inlinable
    public var trailingZeroBitCount: Int {
        if w0 != 0 { return w0.trailingZeroBitCount }
        if w1 != 0 { return 64 + w1.trailingZeroBitCount }
        if w2 != 0 { return 128 + w2.trailingZeroBitCount }
        return 192 + w3.trailingZeroBitCount
    }

    /// Number of bits needed to write the value (0 for zero).
    @inlinable
    public var bitWidth: Int { 256 - leadingZeroBitCount }

    /// Limb `index` (0 = least significant); limbs past the fourth read as zero.
    @inlinable
    public func limb(_ index: Int) -> UInt64 {
        switch index {
        case 0: w0
        case 1: w1
        case 2: w2
        case 3: w3
        default: 0
        }
    }
}

extension UInt256: Comparable {
    /// lhs < rhs exactly when lhs − rhs borrows: one sub/sbb chain, no data-dependent branches.
    @inlinable @inline(__always)
    public static func < (lhs: UInt256, rhs: UInt256) -> Bool {
        lhs.subtractingReportingOverflow(rhs).overflow
    }

    @inlinable @inline(__always)
    public static func == (lhs: UInt256, rhs: UInt256) -> Bool {
        ((lhs.w0 ^ rhs.w0) | (lhs.w1 ^ rhs.w1) | (lhs.w2 ^ rhs.w2) | (lhs.w3 ^ rhs.w3)) == 0
    }
}

extension UInt256: ExpressibleByIntegerLiteral {
    @inlinable
    public init(integerLiteral value: UInt64) {
        self.init(value)
    }
}
