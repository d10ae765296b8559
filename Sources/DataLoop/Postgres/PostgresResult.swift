/// What a statement returned: its rows (if any) and the number of rows it affected.
public struct PostgresResult: Sendable {
    public let columns: PostgresColumns
    public let rows: [PostgresRow]
    /// From the command tag: rows inserted, updated, deleted, selected …; nil when the
    /// command does not report a count (e.g. BEGIN).
    public let affectedRows: Int?

    init(columns: PostgresColumns, rows: [PostgresRow], affectedRows: Int?) {
        self.columns = columns
        self.rows = rows
        self.affectedRows = affectedRows
    }

    /// The first row, if any.
    public var first: PostgresRow? { rows.first }
}

/// The result's column names and type OIDs, shared by its rows.
public final class PostgresColumns: Sendable {
    public let names: [String]
    public let typeOIDs: [UInt32]
    private let indexByName: [String: Int]

    init(names: [String], typeOIDs: [UInt32]) {
        self.names = names
        self.typeOIDs = typeOIDs
        var index: [String: Int] = [:]
        // The first of duplicate names wins, as in most drivers.
        for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
        indexByName = index
    }

    public func index(of name: String) -> Int? { indexByName[name] }
}
