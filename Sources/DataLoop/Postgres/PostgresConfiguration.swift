/// How to reach PostgreSQL and how the pool behaves.
public struct PostgresConfiguration: Sendable {
    /// A `postgres://` URL or a libpq conninfo string, handed to libpq as is.
    public var connectionString: String
    /// Connections opened at start and kept open (re-opened with backoff when they break).
    public var minConnections: Int
    /// The most connections the pool opens; more concurrent queries wait in FIFO order.
    public var maxConnections: Int
    /// `statement_timeout` set on every connection; 0 leaves the server's default.
    public var statementTimeoutMilliseconds: Int
    /// libpq ignores `connect_timeout` in non-blocking mode, so the pool enforces this itself.
    public var connectTimeoutMilliseconds: UInt64
    /// How long a query waits for a free connection before failing with `.poolTimeout`.
    public var acquireTimeoutMilliseconds: UInt64
    /// Delays between attempts after connecting failed.
    public var reconnectBackoff: Backoff

    public init(
        connectionString: String,
        minConnections: Int = 2,
        maxConnections: Int = 10,
        statementTimeoutMilliseconds: Int = 5_000,
        connectTimeoutMilliseconds: UInt64 = 5_000,
        acquireTimeoutMilliseconds: UInt64 = 5_000,
        reconnectBackoff: Backoff = Backoff()
    ) {
        self.connectionString = connectionString
        self.maxConnections = max(1, maxConnections)
        self.minConnections = min(max(0, minConnections), self.maxConnections)
        self.statementTimeoutMilliseconds = max(0, statementTimeoutMilliseconds)
        self.connectTimeoutMilliseconds = max(1, connectTimeoutMilliseconds)
        self.acquireTimeoutMilliseconds = max(1, acquireTimeoutMilliseconds)
        self.reconnectBackoff = reconnectBackoff
    }

    /// From the backend's environment: DATABASE_URL (nil when unset or empty: the backend
    /// then keeps state in memory), DATABASE_POOL_MIN, DATABASE_POOL_MAX,
    /// DATABASE_STATEMENT_TIMEOUT_MS. Throws on malformed values rather than guessing.
    public static func fromEnvironment(_ environment: [String: String]) throws -> PostgresConfiguration? {
        guard let url = environment["DATABASE_URL"], !url.isEmpty else { return nil }
        let parsed = try ServiceURL(parsing: url)
        guard parsed.scheme == "postgres" || parsed.scheme == "postgresql" else {
            throw ServiceURL.ParseError(message: "DATABASE_URL must be a postgres:// URL")
        }
        func integer(_ name: String, default value: Int) throws -> Int {
            guard let text = environment[name], !text.isEmpty else { return value }
            guard let number = Int(text), number >= 0 else {
                throw ServiceURL.ParseError(message: "\(name) must be a non-negative integer, got '\(text)'")
            }
            return number
        }
        return PostgresConfiguration(
            connectionString: url,
            minConnections: try integer("DATABASE_POOL_MIN", default: 2),
            maxConnections: try integer("DATABASE_POOL_MAX", default: 10),
            statementTimeoutMilliseconds: try integer("DATABASE_STATEMENT_TIMEOUT_MS", default: 5_000)
        )
    }
}
