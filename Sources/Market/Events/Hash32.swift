import DEXMath

/// A 32-byte hash (transaction or block), written as 0x-prefixed lowercase hex.
public struct Hash32: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Parses 64 hex digits with an optional 0x prefix, in any case.
    public init?(_ text: some StringProtocol) {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        let utf8 = Array(digits.utf8)
        guard utf8.count == 64 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 {
            guard let high = hexNibble(utf8[2 * i]), let low = hexNibble(utf8[2 * i + 1]) else { return nil }
            bytes[i] = high << 4 | low
        }
        self.bytes = bytes
    }

    /// Keccak-256 of `data`: how the simulated market derives well-formed hashes.
    public static func keccak(_ data: [UInt8]) -> Hash32 {
        Hash32(bytes: Keccak256.hash(data))!
    }

    public var description: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: "x")]
        text.reserveCapacity(66)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public static func < (lhs: Hash32, rhs: Hash32) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}

extension Hash32: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let hash = Hash32(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a 32-byte hash: 0x and 64 hex digits")
        }
        self = hash
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
