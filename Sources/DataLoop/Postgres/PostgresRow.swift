/// One row, in PostgreSQL's text format (numeric values arrive exactly as decimal text).
public struct PostgresRow: Sendable {
    public let columns: PostgresColumns
    /// Each column's text; nil for SQL NULL.
    public let values: [String?]

    init(columns: PostgresColumns, values: [String?]) {
        self.columns = columns
        self.values = values
    }

    public subscript(index: Int) -> String? { values[index] }

    public func cell(_ index: Int) throws(PostgresDecodingError) -> PostgresCell {
        guard values.indices.contains(index) else {
            throw PostgresDecodingError(column: "#\(index)", message: "no such column (the row has \(values.count))")
        }
        return PostgresCell(column: columns.names[index], typeOID: columns.typeOIDs[index], text: values[index])
    }

    public func cell(_ name: String) throws(PostgresDecodingError) -> PostgresCell {
        guard let index = columns.index(of: name) else {
            throw PostgresDecodingError(column: name, message: "no such column")
        }
        return try cell(index)
    }

    /// The value of column `index` as `type`; use an Optional type for nullable columns.
    public func decode<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        try T.decode(from: cell(index))
    }

    /// The value of the column named `name` as `type`; use an Optional type for nullable columns.
    public func decode<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try T.decode(from: cell(name))
    }
}

/// One value of a row with what is needed to decode it.
public struct PostgresCell: Sendable {
    public let column: String
    public let typeOID: UInt32
    /// The text form; nil for SQL NULL.
    public let text: String?

    /// The text, or a decoding error naming the column when the value is NULL.
    public func requireText() throws(PostgresDecodingError) -> String {
        guard let text else { throw PostgresDecodingError(column: column, message: "is NULL") }
        return text
    }

    public func failure(_ expected: String) -> PostgresDecodingError {
        PostgresDecodingError(column: column, message: "'\(text ?? "NULL")' is not \(expected)")
    }
}

public struct PostgresDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let column: String
    public let message: String
    public var description: String { "column \(column): \(message)" }
}
