/// A PostgreSQL failure: a server error (with its SQLSTATE), a lost connection, or the pool's.
public struct PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The server rejected the statement; `sqlState` says why.
        case server
        /// Connecting failed (refused, authentication, timeout …).
        case connectionFailed
        /// The connection broke while in use; the statement's outcome is unknown unless `sqlState` is set.
        case connectionLost
        /// No connection became free within the pool's acquire timeout.
        case poolTimeout
        /// The database is unreachable: no open connection and the last attempt failed.
        case unavailable
        /// The pool or its data loop was closed.
        case closed
        case invalidParameter
        /// The server sent something the client does not handle (e.g. COPY).
        case protocolViolation
    }

    public var kind: Kind
    /// The five-character SQLSTATE, e.g. "23505" for a unique violation.
    public var sqlState: String?
    public var message: String
    public var detail: String?
    public var constraint: String?

    public init(kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil, constraint: String? = nil) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.constraint = constraint
    }

    public var isUniqueViolation: Bool { sqlState == SQLState.uniqueViolation }
    /// The statement ran past `statement_timeout` (or was cancelled).
    public var isQueryCanceled: Bool { sqlState == SQLState.queryCanceled }
    /// The connection is gone: the pool replaces it; retrying on a new connection may succeed.
    public var isConnectionError: Bool {
        switch kind {
        case .connectionFailed, .connectionLost, .unavailable: return true
        default: return sqlState.map { $0.hasPrefix("08") || $0.hasPrefix("57P") } ?? false
        }
    }

    public var description: String {
        var text = "PostgreSQL \(kind.rawValue)"
        if let sqlState { text += " [\(sqlState)]" }
        text += ": \(message)"
        if let detail { text += " (\(detail))" }
        return text
    }

    public enum SQLState {
        public static let uniqueViolation = "23505"
        public static let foreignKeyViolation = "23503"
        public static let serializationFailure = "40001"
        public static let deadlockDetected = "40P01"
        public static let queryCanceled = "57014"
        public static let adminShutdown = "57P01"
    }
}
