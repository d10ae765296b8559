import ServiceKit

/// A fast reader for the common shape of a quote request body: one flat JSON object whose
/// values are ASCII strings without escapes, non-negative integers of at most 18 digits,
/// `true`, `false` or `null`. It yields exactly the `[String: JSONValue]` that decoding the
/// body with `JSONDecoder` into `JSONValue` yields for such a body, so validation and its
/// errors stay the same. Anything else (nesting, escapes, non-ASCII, fractions, exponents,
/// signs, leading zeros, duplicate keys, malformed JSON) returns nil, and the caller decodes
/// the body with the full decoder, which also produces the error for an invalid one.
enum FlatJSONObject {
    static func parse(_ bytes: UnsafeRawBufferPointer) -> [String: JSONValue]? {
        var reader = Reader(bytes: bytes)
        return reader.object()
    }

    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var i = 0

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        var atEnd: Bool { i >= bytes.count }

        mutating func skipWhitespace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x09, 0x0A, 0x0D: i += 1
                default: return
                }
            }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
            return true
        }

        mutating func object() -> [String: JSONValue]? {
            skipWhitespace()
            guard consume(UInt8(ascii: "{")) else { return nil }
            var result: [String: JSONValue] = [:]
            result.reserveCapacity(8)
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { return end() ? result : nil }
            while true {
                skipWhitespace()
                guard let key = string() else { return nil }
                skipWhitespace()
                guard consume(UInt8(ascii: ":")) else { return nil }
                skipWhitespace()
                guard let value = value() else { return nil }
                // A repeated key: leave the choice of which one counts to the full decoder.
                guard result.updateValue(value, forKey: key) == nil else { return nil }
                skipWhitespace()
                if consume(UInt8(ascii: ",")) { continue }
                if consume(UInt8(ascii: "}")) { return end() ? result : nil }
                return nil
            }
        }

        mutating func end() -> Bool {
            skipWhitespace()
            return atEnd
        }

        mutating func value() -> JSONValue? {
            guard i < bytes.count else { return nil }
            switch bytes[i] {
            case UInt8(ascii: "\""): return string().map(JSONValue.string)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return integer()
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default: return nil
            }
        }

        mutating func string() -> String? {
            guard consume(UInt8(ascii: "\"")) else { return nil }
            let start = i
            while i < bytes.count {
                let byte = bytes[i]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                    i += 1
                    return text
                }
                // Escapes, control characters and non-ASCII go to the full decoder.
                guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
                i += 1
            }
            return nil
        }

        mutating func integer() -> JSONValue? {
            let start = i
            var value: Int64 = 0
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                value = value &* 10 &+ Int64(bytes[i] - UInt8(ascii: "0"))
                i += 1
            }
            let digits = i - start
            guard digits <= 18, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
            // A fraction or an exponent follows: not an integer this reader vouches for.
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") { return nil }
            return .integer(value)
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard bytes.count - i >= count else { return false }
            let matches = word.withUTF8Buffer { expected in
                (0..<count).allSatisfy { bytes[i + $0] == expected[$0] }
            }
            guard matches else { return false }
            i += count
            return true
        }
    }
}
