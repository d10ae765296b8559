// Decimal and hexadecimal text for UInt256. Amounts travel as decimal strings because they
// exceed 2^53; hex is how the chain writes words.

extension UInt256 {
    /// 10^19, the largest power of ten in a UInt64: text is converted 19 digits at a time.
    @usableFromInline static let decimalChunk: UInt64 = 10_000_000_000_000_000_000

    /// Parses unsigned decimal digits only (no sign, no spaces, no leading "+"). Nil if empty,
    /// malformed or above 2^256 - 1.
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty, utf8.count <= 78 else { return nil }
        var value = UInt256.zero
        var index = 0
        while index < utf8.count {
            let end = Swift.min(index + 19, utf8.count)
            var chunk: UInt64 = 0
            var scale: UInt64 = 1
            for byte in utf8[index..<end] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                chunk = chunk * 10 + UInt64(byte - UInt8(ascii: "0"))
                scale *= 10
            }
            let (high, low) = value.multipliedFullWidth(by: UInt256(scale))
            guard high.isZero else { return nil }
            let (sum, overflow) = low.addingReportingOverflow(UInt256(chunk))
            guard !overflow else { return nil }
            value = sum
            index = end
        }
        self = value
    }

    /// Parses hex digits with an optional "0x"/"0X" prefix, at most 64 digits.
    public init?(hex text: some StringProtocol) {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.utf8.count <= 64 else { return nil }
        var value = UInt256.zero
        for byte in digits.utf8 {
            guard let nibble = hexNibble(byte) else { return nil }
            value = (value << 4) | UInt256(UInt64(nibble))
        }
        self = value
    }

    public var decimalString: String {
        if isZero { return "0" }
        var chunks: [UInt64] = []
        var rest = self
        let chunk = UInt256(UInt256.decimalChunk)
        while !rest.isZero {
            let (q, r) = UInt256.divide(high: .zero, low: rest, by: chunk)
            chunks.append(r.w0)
            rest = q
        }
        var text = String(chunks.removeLast())
        for c in chunks.reversed() {
            let digits = String(c)
            text += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return text
    }

    /// Lower-case hex with "0x" and no leading zeros ("0x0" for zero).
    public var hexString: String {
        if isZero { return "0x0" }
        let limbs = [w3, w2, w1, w0].drop { $0 == 0 }
        var text = "0x" + String(limbs.first!, radix: 16)
        for limb in limbs.dropFirst() {
            let digits = String(limb, radix: 16)
            text += String(repeating: "0", count: 16 - digits.count) + digits
        }
        return text
    }

    /// Exactly 64 lower-case hex digits, no prefix: an ABI word.
    public var paddedHex: String {
        [w3, w2, w1, w0].map { limb in
            let digits = String(limb, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
    }
}

/// The value of one ASCII hex digit, either case.
@inline(__always)
public func hexNibble(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}

extension UInt256: CustomStringConvertible, LosslessStringConvertible {
    public var description: String { decimalString }
}

/// JSON carries 256-bit integers as decimal strings.
extension UInt256: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = UInt256(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an unsigned decimal integer string below 2^256, got \"\(text.prefix(80))\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(decimalString)
    }
}
