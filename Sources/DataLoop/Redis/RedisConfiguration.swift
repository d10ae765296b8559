/// How to reach Redis and how the clients reconnect.
public struct RedisConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// ACL user (Redis 6+); nil authenticates with the password alone.
    public var user: String?
    public var password: String?
    public var database: Int
    /// Prepended to keys by `RedisClient.key(_:)` so several deployments can share a server.
    public var keyPrefix: RedisKeyPrefix
    /// hiredis 0.14 has no connect timeout of its own; the client enforces this.
    public var connectTimeoutMilliseconds: UInt64
    public var reconnectBackoff: Backoff

    public init(
        host: String = "127.0.0.1", port: Int = 6379, user: String? = nil, password: String? = nil,
        database: Int = 0, keyPrefix: String = "", connectTimeoutMilliseconds: UInt64 = 5_000,
        reconnectBackoff: Backoff = Backoff()
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.keyPrefix = RedisKeyPrefix(keyPrefix)
        self.connectTimeoutMilliseconds = max(1, connectTimeoutMilliseconds)
        self.reconnectBackoff = reconnectBackoff
    }

    /// `redis://[user[:password]@]host[:port][/db]`; TLS (`rediss://`) is not supported by hiredis 0.14.
    public init(url: String, keyPrefix: String = "") throws {
        let parsed = try ServiceURL(parsing: url)
        guard parsed.scheme == "redis" else {
            throw ServiceURL.ParseError(message: "expected a redis:// URL, got scheme '\(parsed.scheme)'")
        }
        guard !parsed.host.isEmpty else { throw ServiceURL.ParseError(message: "the Redis URL has no host") }
        var database = 0
        if !parsed.path.isEmpty {
            guard let number = Int(parsed.path), number >= 0 else {
                throw ServiceURL.ParseError(message: "the Redis database must be a number, got '\(parsed.path)'")
            }
            database = number
        }
        self.init(
            host: parsed.host, port: parsed.port ?? 6379, user: parsed.password == nil ? nil : parsed.user,
            // redis://:password@host and redis://password@host (no colon) both mean a password.
            password: parsed.password ?? parsed.user, database: database, keyPrefix: keyPrefix
        )
    }

    /// REDIS_URL (nil when unset or empty: the backend then uses in-process fallbacks) and
    /// REDIS_KEY_PREFIX (default "basebook:").
    public static func fromEnvironment(_ environment: [String: String]) throws -> RedisConfiguration? {
        guard let url = environment["REDIS_URL"], !url.isEmpty else { return nil }
        return try RedisConfiguration(url: url, keyPrefix: environment["REDIS_KEY_PREFIX"] ?? "basebook:")
    }
}

/// Namespaces keys (and pub/sub channels) of one deployment: `prefix.key("pool:0xabc")`.
public struct RedisKeyPrefix: Sendable, Hashable {
    public let prefix: String

    public init(_ prefix: String) { self.prefix = prefix }

    public func key(_ name: String) -> String { prefix + name }
}
