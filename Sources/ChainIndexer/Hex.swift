import DEXMath

/// Hex text as JSON-RPC writes it: "quantities" (0x-prefixed, no leading zeros) and "data"
/// (0x-prefixed, two digits per byte). Parsing is strict: a provider that sends anything else
/// is reported, never guessed at.
enum Hex {
    /// Bytes of 0x-prefixed data with an even number of digits ("0x" is empty data).
    static func bytes(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X"),
              utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var i = 2
        while i < utf8.count {
            guard let high = hexNibble(utf8[i]), let low = hexNibble(utf8[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
            i += 2
        }
        return bytes
    }

    /// A quantity that must fit 64 bits: block numbers, timestamps, log indexes, chain ids.
    static func quantity(_ text: String) -> UInt64? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 3, utf8.count <= 18, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X") else { return nil }
        var value: UInt64 = 0
        for byte in utf8[2...] {
            guard let nibble = hexNibble(byte) else { return nil }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }

    static func quantity(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    static func data(_ bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: "x")]
        text.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
