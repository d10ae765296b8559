import DEXMath
import Market

/// One 32-byte ABI word and the typed readings of it. Each reading checks that the bytes above
/// the type's width are the zero (or, for signed types, sign) extension the ABI requires, so a
/// corrupt word is refused instead of silently truncated.
struct ABIWord: Sendable, Hashable {
    let bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        precondition(bytes.count == 32)
        self.bytes = bytes
    }

    var uint256: UInt256 {
        var limbs: [UInt64] = [0, 0, 0, 0]
        for (i, byte) in bytes.enumerated() { limbs[3 - i / 8] = limbs[3 - i / 8] << 8 | UInt64(byte) }
        return UInt256(w0: limbs[0], w1: limbs[1], w2: limbs[2], w3: limbs[3])
    }

    /// `uintN`: nil unless the top 256 − N bits are zero.
    func unsigned(bits: Int) -> UInt256? {
        let value = uint256
        return value.bitWidth <= bits ? value : nil
    }

    /// `intN`: nil unless the top 256 − N + 1 bits are all equal (a proper sign extension).
    func signed(bits: Int) -> Int256? {
        let value = Int256(bitPattern: uint256)
        let shifted = value >> (bits - 1)
        guard shifted.isZero || shifted.bitPattern == .max else { return nil }
        return value
    }

    func int32(bits: Int) -> Int32? {
        guard bits <= 32, let value = signed(bits: bits) else { return nil }
        return Int32(truncatingIfNeeded: value.truncatedInt64)
    }

    func uint32(bits: Int) -> UInt32? {
        guard bits <= 32, let value = unsigned(bits: bits) else { return nil }
        return UInt32(truncatingIfNeeded: value.w0)
    }

    var uint128: UInt128? { unsigned(bits: 128)?.exactUInt128 }

    var address: Address? {
        guard bytes.prefix(12).allSatisfy({ $0 == 0 }) else { return nil }
        return Address(bytes: bytes.suffix(20))
    }
}

/// Log data or a call result cut into words.
struct ABIWords: Sendable {
    let data: [UInt8]

    var count: Int { data.count / 32 }

    subscript(index: Int) -> ABIWord {
        ABIWord(data[(index * 32)..<(index * 32 + 32)])
    }
}
