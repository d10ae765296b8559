import DataLoop
import Foundation
import Testing

@Suite(.enabled(if: TestEnvironment.hasDatabase, TestEnvironment.noDatabase))
struct PostgresTests {
    static let uint256Max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"

    /// A pool on a fresh loop, closed and checked for leaks afterwards.
    func withPool(_ configuration: PostgresConfiguration = TestEnvironment.postgres(), _ body: (PostgresPool) async throws -> Void) async throws {
        try await withDataLoop { loop in
            let pool = try PostgresPool(configuration: configuration, loop: loop)
            do {
                try await body(pool)
            } catch {
                await pool.close()
                throw error
            }
            await pool.close()
            #expect(try await loop.openHandleCount() == 0)
        }
    }

    @Test func queriesWithParametersNullsAndUnicode() async throws {
        try await withPool { pool in
            let text = "héllo, 世界 🌍 'quoted' $1 \\ ; DROP TABLE x"
            let result = try await pool.query(
                "SELECT $1::text AS t, $2::text AS n, $3::int8 AS i, $4::bool AS b, $5::float8 AS d, length($1) AS len",
                [.text(text), .null, .int(-9_223_372_036_854_775_807), .bool(true), .double(1.5)]
            )
            let row = try #require(result.first)
            #expect(result.columns.names == ["t", "n", "i", "b", "d", "len"])
            #expect(try row.decode("t", as: String.self) == text)
            #expect(try row.decode("n", as: String?.self) == nil)
            #expect(throws: PostgresDecodingError.self) { try row.decode("n", as: String.self) }
            #expect(try row.decode("i", as: Int64.self) == -9_223_372_036_854_775_807)
            #expect(try row.decode(3, as: Bool.self))
            #expect(try row.decode(4, as: Double.self) == 1.5)
            #expect(try row.decode("len", as: Int.self) == text.count)
            #expect(throws: PostgresDecodingError.self) { try row.decode("nope", as: Int.self) }
        }
    }

    @Test func numericRoundTripsUInt256MaxExactly() async throws {
        let table = TestEnvironment.unique("amounts")
        try await withPool { pool in
            _ = try await pool.query("CREATE TABLE \(table) (id int PRIMARY KEY, amount numeric(78,0) NOT NULL)")
            defer { Task { _ = try? await pool.query("DROP TABLE IF EXISTS \(table)") } }
            let insert = try await pool.query("INSERT INTO \(table) VALUES (1, $1), (2, $2)", [.numeric(Self.uint256Max), .numeric("0")])
            #expect(insert.affectedRows == 2)
            let rows = try await pool.query("SELECT amount, amount - 1 AS less FROM \(table) ORDER BY id").rows
            #expect(try rows[0].decode("amount", as: PostgresNumeric.self).decimalString == Self.uint256Max)
            #expect(try rows[0].decode("less", as: String.self) == "115792089237316195423570985008687907853269984665640564039457584007913129639934")
            #expect(try rows[1].decode("amount", as: PostgresNumeric.self).decimalString == "0")
            // One more than 2^256-1 has 78 digits too; 10^78 does not fit numeric(78,0).
            await #expect(throws: PostgresError.self) {
                try await pool.query("INSERT INTO \(table) VALUES (3, $1)", [.numeric("1" + String(repeating: "0", count: 78))])
            }
            _ = try await pool.query("DROP TABLE \(table)")
        }
    }

    @Test func byteaRoundTripsEveryByte() async throws {
        try await withPool { pool in
            let bytes = (0...255).map(UInt8.init) + [0, 0, 13, 10]
            let row = try #require(try await pool.query("SELECT $1::bytea AS b, length($1) AS n", [.bytea(bytes)]).first)
            #expect(try row.decode("b", as: [UInt8].self) == bytes)
            #expect(try row.decode("b", as: Data.self) == Data(bytes))
            #expect(try row.decode("n", as: Int.self) == bytes.count)
            #expect(throws: PostgresDecodingError.self) { try row.decode("n", as: [UInt8].self) }
        }
    }

    @Test func rejectsTextParametersContainingNUL() async throws {
        try await withPool { pool in
            await #expect(throws: PostgresError.self) { try await pool.query("SELECT $1::text", [.text("a\u{0}b")]) }
            let one = try await pool.query("SELECT 1 AS one").first
            #expect(try one?.decode("one", as: Int.self) == 1)
        }
    }

    @Test func transactionsCommitAndRollBack() async throws {
        let table = TestEnvironment.unique("tx")
        try await withPool { pool in
            _ = try await pool.query("CREATE TABLE \(table) (id int PRIMARY KEY, note text)")
            let inserted = try await pool.withTransaction { tx in
                _ = try await tx.query("INSERT INTO \(table) VALUES (1, $1)", ["committed"])
                return try await tx.query("SELECT count(*) AS n FROM \(table)").first!.decode("n", as: Int.self)
            }
            #expect(inserted == 1)

            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await pool.withTransaction { tx in
                    _ = try await tx.query("INSERT INTO \(table) VALUES (2, $1)", ["rolled back"])
                    throw Abort()
                }
            }
            // A server error inside the transaction rolls back the statements before it too.
            await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { tx in
                    _ = try await tx.query("INSERT INTO \(table) VALUES (3, 'x')")
                    _ = try await tx.query("INSERT INTO \(table) VALUES (1, 'duplicate')")
                }
            }
            let notes = try await pool.query("SELECT note FROM \(table) ORDER BY id").rows.map { try $0.decode(0, as: String.self) }
            #expect(notes == ["committed"])
            // Every connection went back to the pool (none was kept in a transaction).
            try await eventually("sessions released") { try await pool.stats().inUse == 0 }
            _ = try await pool.query("DROP TABLE \(table)")
        }
    }

    @Test func uniqueViolationCarriesSQLState() async throws {
        let table = TestEnvironment.unique("uniq")
        try await withPool { pool in
            _ = try await pool.query("CREATE TABLE \(table) (chain int, tx text, log int, PRIMARY KEY (chain, tx, log))")
            _ = try await pool.query("INSERT INTO \(table) VALUES (8453, '0xab', 0)")
            let error = try await #require(throws: PostgresError.self) {
                try await pool.query("INSERT INTO \(table) VALUES ($1, $2, $3)", [8453, "0xab", 0])
            }
            #expect(error.kind == .server)
            #expect(error.sqlState == "23505")
            #expect(error.isUniqueViolation)
            #expect(error.constraint == "\(table)_pkey")
            #expect(!error.isConnectionError)
            // ON CONFLICT makes a replayed insert a no-op instead.
            let replay = try await pool.query("INSERT INTO \(table) VALUES (8453, '0xab', 0) ON CONFLICT DO NOTHING")
            #expect(replay.affectedRows == 0)
            _ = try await pool.query("DROP TABLE \(table)")
        }
    }

    @Test func statementTimeoutCancelsLongQueries() async throws {
        try await withPool(TestEnvironment.postgres(min: 1, max: 1, statementTimeout: 50)) { pool in
            let error = try await #require(throws: PostgresError.self) { try await pool.query("SELECT pg_sleep(10)") }
            #expect(error.sqlState == "57014")
            #expect(error.isQueryCanceled)
            let setting = try await pool.query("SHOW statement_timeout").first!.decode(0, as: String.self)
            #expect(setting == "50ms")
        }
    }

    @Test func extraQueriesWaitForAFreeConnection() async throws {
        try await withPool(TestEnvironment.postgres(min: 0, max: 2)) { pool in
            let gate = Gate()
            let holders = (0..<2).map { _ in
                Task {
                    try await pool.withConnection { session in
                        _ = try await session.query("SELECT 1")
                        await gate.wait()
                    }
                }
            }
            try await eventually("both connections leased") {
                let stats = try await pool.stats()
                return stats.open == 2 && stats.inUse == 2
            }
            let third = Task { try await pool.query("SELECT 3 AS three").first!.decode(0, as: Int.self) }
            try await eventually("the third query queued") { try await pool.stats().waiting == 1 }
            #expect(try await pool.stats().open == 2)
            await gate.open()
            #expect(try await third.value == 3)
            for holder in holders { try await holder.value }
            let stats = try await pool.stats()
            #expect(stats.open == 2)
            #expect(stats.connectionsOpened == 2)
            #expect(stats.waiting == 0)
        }
    }

    @Test func acquireTimesOutWhenThePoolStaysBusy() async throws {
        try await withPool(TestEnvironment.postgres(min: 1, max: 1, acquireTimeout: 50)) { pool in
            try await eventually("the connection opened") { try await pool.stats().idle == 1 }
            let gate = Gate()
            let holder = Task { try await pool.withConnection { _ in await gate.wait() } }
            try await eventually("the connection leased") { try await pool.stats().inUse == 1 }
            let error = try await #require(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(error.kind == .poolTimeout)
            await gate.open()
            try await holder.value
            #expect(try await pool.query("SELECT 1").rows.count == 1)
        }
    }

    @Test func manyConcurrentQueriesFromManyTasks() async throws {
        try await withPool(TestEnvironment.postgres(min: 2, max: 5)) { pool in
            let sums = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for index in 0..<500 {
                    group.addTask {
                        let value = try await pool.query("SELECT $1::int8 * 2 AS v", [.int(index)]).first!.decode(0, as: Int.self)
                        return (index, value)
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(sums.count == 500)
            #expect(sums.allSatisfy { $0.value == $0.key * 2 })
            #expect(try await pool.stats().open <= 5)
        }
    }

    @Test func idleConnectionKilledServerSideIsReplaced() async throws {
        try await withPool(TestEnvironment.postgres(min: 1, max: 1)) { pool in
            try await withPool(TestEnvironment.postgres(min: 1, max: 1)) { admin in
                let victim = try await pool.query("SELECT pg_backend_pid()").first!.decode(0, as: Int.self)
                #expect(try await admin.query("SELECT pg_terminate_backend($1)", [.int(victim)]).first!.decode(0, as: Bool.self))
                try await eventually("backend \(victim) gone") {
                    try await admin.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", [.int(victim)]).first!.decode(0, as: Int.self) == 0
                }
                let replacement = try await pool.query("SELECT pg_backend_pid()").first!.decode(0, as: Int.self)
                #expect(replacement != victim)
                #expect(try await pool.stats().connectionsOpened == 2)
            }
        }
    }

    @Test func connectionKilledMidQueryFailsThatQueryOnly() async throws {
        try await withPool(TestEnvironment.postgres(min: 1, max: 1)) { pool in
            try await withPool(TestEnvironment.postgres(min: 1, max: 1)) { admin in
                // Only this test sleeps for 30 s, so the statement text identifies its backend.
                let sleeper = Task { try await pool.query("SELECT pg_sleep(30)") }
                var victim = 0
                try await eventually("the sleeping query is running") {
                    let rows = try await admin.query(
                        "SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%' AND state = 'active' AND pid <> pg_backend_pid()"
                    ).rows
                    guard rows.count == 1 else { return false }
                    victim = try rows[0].decode(0, as: Int.self)
                    return true
                }
                _ = try await admin.query("SELECT pg_terminate_backend($1)", [.int(victim)])
                let error = try await #require(throws: PostgresError.self) { try await sleeper.value }
                #expect(error.isConnectionError)
                #expect(error.kind == .connectionLost)
                #expect(error.sqlState == "57P01")
                #expect(try await pool.query("SELECT 42").first!.decode(0, as: Int.self) == 42)
            }
        }
    }

    @Test func unreachableServerFailsFast() async throws {
        let port = try unusedLoopbackPort()
        let configuration = PostgresConfiguration(
            connectionString: "postgres://nobody@127.0.0.1:\(port)/none", minConnections: 1, maxConnections: 2,
            acquireTimeoutMilliseconds: 10_000, reconnectBackoff: Backoff(initialMilliseconds: 10_000, maximumMilliseconds: 10_000)
        )
        try await withPool(configuration) { pool in
            try await eventually("the first attempt failed") { try await pool.stats().consecutiveConnectFailures >= 1 }
            let error = try await #require(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(error.kind == .unavailable)
            #expect(error.isConnectionError)
            #expect(error.message.contains("refused"))
        }
    }

    @Test func resolvesHostNamesWithoutBlockingTheLoop() async throws {
        var configuration = TestEnvironment.postgres(min: 1, max: 1)
        configuration.connectionString = configuration.connectionString.replacingOccurrences(of: "@127.0.0.1:", with: "@localhost:")
        try #require(configuration.connectionString.contains("@localhost:"))
        try await withPool(configuration) { pool in
            let address = try await pool.query("SELECT host(inet_client_addr())").first!.decode(0, as: String.self)
            #expect(address == "127.0.0.1")
        }
        var unknown = TestEnvironment.postgres(min: 0, max: 1)
        unknown.connectionString = "postgres://nobody@no-such-host.invalid:5432/none"
        try await withPool(unknown) { pool in
            let error = try await #require(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(error.isConnectionError)
        }
    }

    @Test func closingThePoolFailsLaterQueries() async throws {
        try await withDataLoop { loop in
            let pool = try PostgresPool(configuration: TestEnvironment.postgres(), loop: loop)
            _ = try await pool.query("SELECT 1")
            await pool.close()
            let error = try await #require(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(error.kind == .closed)
            #expect(try await loop.openHandleCount() == 0)
        }
    }

    @Test func loopShutdownClosesAnOpenPool() async throws {
        let loop = try DataLoop()
        let pool = try PostgresPool(configuration: TestEnvironment.postgres(min: 2, max: 2), loop: loop)
        _ = try await pool.query("SELECT 1")
        try await loop.shutdown()
        let error = try await #require(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        #expect(error.kind == .closed)
    }
}

/// Holds tasks until opened: lets a test keep connections leased without sleeping.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}

/// A loopback TCP port nothing listens on (bound, then released).
func unusedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw POSIXError(.EADDRNOTAVAIL) }
    return Int(UInt16(bigEndian: address.sin_port))
}
