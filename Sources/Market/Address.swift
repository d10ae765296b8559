import DEXMath

/// A 20-byte Ethereum address. Parsed from hex in any case; written EIP-55 checksummed.
/// Ordered by numeric value, which is how a pool orders its token0 < token1.
public struct Address: Sendable, Hashable, Comparable {
    /// Big-endian: high 8 bytes, middle 8 bytes, low 4 bytes.
    public let high: UInt64
    public let middle: UInt64
    public let low: UInt32

    public init(high: UInt64, middle: UInt64, low: UInt32) {
        self.high = high
        self.middle = middle
        self.low = low
    }

    public init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == 20, "an address is 20 bytes")
        var h: UInt64 = 0, m: UInt64 = 0, l: UInt32 = 0
        for (i, byte) in bytes.enumerated() {
            switch i {
            case 0..<8: h = h << 8 | UInt64(byte)
            case 8..<16: m = m << 8 | UInt64(byte)
            default: l = l << 8 | UInt32(byte)
            }
        }
        self.init(high: h, middle: m, low: l)
    }

    /// "0x" followed by exactly 40 hex digits, any case. A mixed-case string is not required to
    /// carry a valid checksum: clients paste addresses in all sorts of forms.
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 42, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X") else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        var i = 2
        while i < 42 {
            guard let hi = hexNibble(utf8[i]), let lo = hexNibble(utf8[i + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
            i += 2
        }
        self.init(bytes: bytes)
    }

    public static let zero = Address(high: 0, middle: 0, low: 0)

    public var bytes: [UInt8] {
        (0..<8).reversed().map { UInt8(truncatingIfNeeded: high >> (8 * UInt64($0))) }
            + (0..<8).reversed().map { UInt8(truncatingIfNeeded: middle >> (8 * UInt64($0))) }
            + (0..<4).reversed().map { UInt8(truncatingIfNeeded: low >> (8 * UInt32($0))) }
    }

    public var lowercaseHex: String {
        "0x" + bytes.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }

    /// EIP-55: a hex letter is upper case when the matching nibble of keccak256(lowercase hex) is ≥ 8.
    public var checksummed: String {
        let lower = Array(lowercaseHex.utf8.dropFirst(2))
        let hash = Keccak256.hash(lower)
        var out = "0x"
        out.reserveCapacity(42)
        for (i, char) in lower.enumerated() {
            let nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f
            let scalar = char >= UInt8(ascii: "a") && nibble >= 8 ? char - 32 : char
            out.unicodeScalars.append(Unicode.Scalar(scalar))
        }
        return out
    }

    public static func < (lhs: Address, rhs: Address) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }
}

extension Address: CustomStringConvertible {
    public var description: String { checksummed }
}

extension Address: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let address = Address(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a 0x-prefixed 20-byte hex address, got \"\(text.prefix(80))\"")
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(checksummed)
    }
}
