import Foundation

/// A statement parameter. Statements are always parameterised (`$1`, `$2`, …): values travel
/// separately from the SQL text, never spliced into it.
///
/// Text values are sent in PostgreSQL's text format and typed by the statement (so `$1`
/// works for text, integer, numeric, boolean … columns); bytes are sent in binary as `bytea`.
public enum PostgresValue: Sendable, Equatable, Hashable {
    case null
    case text(String)
    case bytea([UInt8])

    public static func int(_ value: some BinaryInteger) -> PostgresValue { .text(String(value)) }
    public static func bool(_ value: Bool) -> PostgresValue { .text(value ? "t" : "f") }
    /// Display-only values (USD amounts); exact amounts go as decimal strings via `.numeric`.
    public static func double(_ value: Double) -> PostgresValue { .text(String(value)) }
    /// An exact decimal (e.g. a UInt256 amount's `description`) for a numeric column.
    public static func numeric(_ decimal: String) -> PostgresValue { .text(decimal) }
    public static func data(_ value: Data) -> PostgresValue { .bytea(Array(value)) }
    public static func optional(_ value: PostgresValue?) -> PostgresValue { value ?? .null }
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}

/// The parameters in the C layout `PQsendQueryParams` takes, in one buffer.
struct EncodedParameters {
    static let byteaOID: UInt32 = 17

    var storage: [UInt8] = []
    var offsets: [Int?] = []
    var lengths: [Int32] = []
    var formats: [Int32] = []
    var types: [UInt32] = []

    init(_ values: [PostgresValue]) throws(PostgresError) {
        for (index, value) in values.enumerated() {
            switch value {
            case .null:
                offsets.append(nil)
                lengths.append(0)
                formats.append(0)
                types.append(0)
            case .text(let string):
                let utf8 = Array(string.utf8)
                if utf8.contains(0) {
                    throw PostgresError(kind: .invalidParameter, message: "parameter $\(index + 1) contains a NUL character, which PostgreSQL text cannot hold")
                }
                offsets.append(storage.count)
                storage += utf8
                storage.append(0)
                lengths.append(Int32(utf8.count))
                formats.append(0)
                types.append(0)
            case .bytea(let bytes):
                guard bytes.count <= Int32.max else {
                    throw PostgresError(kind: .invalidParameter, message: "parameter $\(index + 1) is too large")
                }
                offsets.append(storage.count)
                storage += bytes
                lengths.append(Int32(bytes.count))
                formats.append(1)
                types.append(Self.byteaOID)
            }
        }
    }

    /// Calls `body` with pointers valid only during the call.
    func withCParameters<R>(
        _ body: (
            _ types: UnsafePointer<UInt32>?, _ values: UnsafePointer<UnsafePointer<CChar>?>?,
            _ lengths: UnsafePointer<Int32>?, _ formats: UnsafePointer<Int32>?
        ) -> R
    ) -> R {
        // A zero-length buffer may have no base address; keep one byte so every pointer is valid.
        let bytes = storage.isEmpty ? [0] : storage
        return bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            let pointers: [UnsafePointer<CChar>?] = offsets.map { $0.map { base + $0 } }
            return pointers.withUnsafeBufferPointer { values in
                types.withUnsafeBufferPointer { types in
                    lengths.withUnsafeBufferPointer { lengths in
                        formats.withUnsafeBufferPointer { formats in
                            body(types.baseAddress, values.baseAddress, lengths.baseAddress, formats.baseAddress)
                        }
                    }
                }
            }
        }
    }
}
