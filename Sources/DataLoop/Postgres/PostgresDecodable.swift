import Foundation

/// A Swift type a column's text form converts to. Conform your own types (e.g. a UInt256
/// from `PostgresNumeric`'s decimal text) by decoding from the cell.
public protocol PostgresDecodable: Sendable {
    static func decode(from cell: PostgresCell) throws -> Self
}

/// PostgreSQL type OIDs the decoders check.
public enum PostgresTypeOID {
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let float4: UInt32 = 700
    public static let float8: UInt32 = 701
    public static let varchar: UInt32 = 1043
    public static let numeric: UInt32 = 1700
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Self {
        cell.text == nil ? nil : try Wrapped.decode(from: cell)
    }
}

extension String: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> String { try cell.requireText() }
}

extension Int64: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Int64 {
        guard let value = Int64(try cell.requireText()) else { throw cell.failure("a 64-bit integer") }
        return value
    }
}

extension Int: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Int {
        guard let value = Int(try cell.requireText()) else { throw cell.failure("an integer") }
        return value
    }
}

extension Int32: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Int32 {
        guard let value = Int32(try cell.requireText()) else { throw cell.failure("a 32-bit integer") }
        return value
    }
}

extension Bool: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Bool {
        switch try cell.requireText() {
        case "t", "true": return true
        case "f", "false": return false
        default: throw cell.failure("a boolean")
        }
    }
}

/// For display-only values (USD amounts, percentages): never for state or amounts.
extension Double: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Double {
        guard let value = Double(try cell.requireText()) else { throw cell.failure("a number") }
        return value
    }
}

/// bytea, from the server's hex output (`\x…`).
extension Array: PostgresDecodable where Element == UInt8 {
    public static func decode(from cell: PostgresCell) throws -> [UInt8] {
        guard cell.typeOID == PostgresTypeOID.bytea else { throw cell.failure("bytea") }
        let text = try cell.requireText()
        guard let bytes = Self.hexBytes(text) else { throw cell.failure("bytea in hex format") }
        return bytes
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else {
            return nil
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension Data: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Data {
        Data(try [UInt8].decode(from: cell))
    }
}

/// An exact decimal from a numeric column (e.g. numeric(78,0) holding a uint256), kept as
/// the server's text so no precision is lost; convert with your own big-integer type.
public struct PostgresNumeric: PostgresDecodable, Sendable, Hashable, CustomStringConvertible {
    /// Optional sign, digits, optional fraction: exactly what PostgreSQL printed.
    public let decimalString: String

    public init?(_ decimalString: String) {
        guard Self.isDecimal(decimalString) else { return nil }
        self.decimalString = decimalString
    }

    public var description: String { decimalString }

    public static func decode(from cell: PostgresCell) throws -> PostgresNumeric {
        guard let value = PostgresNumeric(try cell.requireText()) else { throw cell.failure("an exact decimal") }
        return value
    }

    private static func isDecimal(_ text: String) -> Bool {
        var utf8 = Substring(text).utf8[...]
        if utf8.first == UInt8(ascii: "-") || utf8.first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
        var digits = 0
        var sawPoint = false
        for byte in utf8 {
            if byte == UInt8(ascii: ".") {
                if sawPoint { return false }
                sawPoint = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
            } else {
                return false  // NaN and infinities are not exact amounts
            }
        }
        return digits > 0
    }
}
