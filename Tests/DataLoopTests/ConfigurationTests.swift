import DataLoop
import Testing

@Suite struct ConfigurationTests {
    @Test func parsesPostgresURL() throws {
        let url = try ServiceURL(parsing: "postgres://basebook:s%40cret@db.internal:6543/basebook_test?sslmode=disable")
        #expect(url.scheme == "postgres")
        #expect(url.user == "basebook")
        #expect(url.password == "s@cret")
        #expect(url.host == "db.internal")
        #expect(url.port == 6543)
        #expect(url.path == "basebook_test")
        #expect(url.query.map { "\($0.0)=\($0.1)" } == ["sslmode=disable"])
    }

    @Test func parsesRedisURLs() throws {
        let plain = try RedisConfiguration(url: "redis://127.0.0.1:6380")
        #expect(plain.host == "127.0.0.1")
        #expect(plain.port == 6380)
        #expect(plain.password == nil)
        #expect(plain.database == 0)

        let full = try RedisConfiguration(url: "redis://app:p%3Ass@cache:7000/3", keyPrefix: "bb:")
        #expect(full.user == "app")
        #expect(full.password == "p:ss")
        #expect(full.host == "cache")
        #expect(full.port == 7000)
        #expect(full.database == 3)
        #expect(full.keyPrefix.key("pool:1") == "bb:pool:1")

        let passwordOnly = try RedisConfiguration(url: "redis://:secret@[::1]/1")
        #expect(passwordOnly.user == nil)
        #expect(passwordOnly.password == "secret")
        #expect(passwordOnly.host == "::1")
        #expect(passwordOnly.port == 6379)
    }

    @Test func rejectsMalformedURLs() {
        #expect(throws: ServiceURL.ParseError.self) { try ServiceURL(parsing: "localhost:5432") }
        #expect(throws: ServiceURL.ParseError.self) { try ServiceURL(parsing: "redis://host:99999") }
        #expect(throws: ServiceURL.ParseError.self) { try RedisConfiguration(url: "rediss://host") }
        #expect(throws: ServiceURL.ParseError.self) { try RedisConfiguration(url: "redis://host/zero") }
        #expect(throws: ServiceURL.ParseError.self) { try ServiceURL(parsing: "postgres://u:%zz@h/db") }
    }

    @Test func readsTheEnvironment() throws {
        #expect(try PostgresConfiguration.fromEnvironment([:]) == nil)
        #expect(try RedisConfiguration.fromEnvironment(["REDIS_URL": ""]) == nil)

        let postgres = try #require(try PostgresConfiguration.fromEnvironment([
            "DATABASE_URL": "postgres://u@h/db", "DATABASE_POOL_MIN": "1", "DATABASE_POOL_MAX": "7",
            "DATABASE_STATEMENT_TIMEOUT_MS": "250",
        ]))
        #expect(postgres.connectionString == "postgres://u@h/db")
        #expect(postgres.minConnections == 1)
        #expect(postgres.maxConnections == 7)
        #expect(postgres.statementTimeoutMilliseconds == 250)
        #expect(throws: ServiceURL.ParseError.self) {
            try PostgresConfiguration.fromEnvironment(["DATABASE_URL": "postgres://u@h/db", "DATABASE_POOL_MAX": "many"])
        }
        #expect(throws: ServiceURL.ParseError.self) {
            try PostgresConfiguration.fromEnvironment(["DATABASE_URL": "mysql://u@h/db"])
        }

        let redis = try #require(try RedisConfiguration.fromEnvironment(["REDIS_URL": "redis://r:6379"]))
        #expect(redis.keyPrefix.prefix == "basebook:")
        let custom = try #require(try RedisConfiguration.fromEnvironment(["REDIS_URL": "redis://r", "REDIS_KEY_PREFIX": "x:"]))
        #expect(custom.keyPrefix.key("k") == "x:k")
    }

    @Test func backoffDoublesUpToTheCap() {
        let backoff = Backoff(initialMilliseconds: 100, maximumMilliseconds: 1_000)
        #expect((0...6).map { backoff.delay(afterFailures: $0) } == [0, 100, 200, 400, 800, 1_000, 1_000])
        #expect(backoff.delay(afterFailures: 500) == 1_000)
    }

    @Test func numericKeepsTheExactDecimal() {
        let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        #expect(PostgresNumeric(max)?.decimalString == max)
        #expect(PostgresNumeric("-12.50")?.description == "-12.50")
        #expect(PostgresNumeric("NaN") == nil)
        #expect(PostgresNumeric("1e5") == nil)
        #expect(PostgresNumeric("") == nil)
    }
}
