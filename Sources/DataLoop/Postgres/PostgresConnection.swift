import CLibPQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One non-blocking libpq connection, driven by a `uv_poll` on its socket.
///
/// Loop-thread only (`@unchecked Sendable` so jobs can carry it there). Statements run one at
/// a time; more submitted meanwhile queue behind the running one.
final class PostgresConnection: @unchecked Sendable {
    typealias Completion = (Result<PostgresResult, PostgresError>) -> Void

    private enum State { case connecting, idle, busy, closed }

    private struct Statement {
        let sql: String
        let parameters: [PostgresValue]
        let completion: Completion
    }

    private let core: LoopCore
    private var connection: OpaquePointer?
    private var poll: LoopPoll?
    private var state: State = .connecting
    private var connectTimer: LoopTimer?
    private var onConnected: ((Result<Void, PostgresError>) -> Void)?
    private var running: Completion?
    private var queue: [Statement] = []
    private var result: PostgresResult?
    private var serverError: PostgresError?
    private var flushPending = false
    /// Told when the server closes (or writes to) the connection while nobody is using it.
    var onIdleFailure: (() -> Void)?

    init(core: LoopCore) {
        self.core = core
    }

    var isClosed: Bool { state == .closed }

    /// Usable for a new checkout: open, idle and with nothing unsolicited waiting on the socket.
    /// Any input on an idle connection means the server is closing it (e.g. after
    /// `pg_terminate_backend` it sends a FATAL error, then EOF), so such a connection is dropped
    /// here rather than failing the next statement.
    func isHealthyForCheckout() -> Bool {
        guard state == .idle, let connection, PQstatus(connection) == CONNECTION_OK else { return false }
        return !socketHasInput(PQsocket(connection))
    }

    /// Whether the server side is in a transaction (or a failed one): such a connection must not
    /// go back to the pool.
    var isInTransaction: Bool {
        guard let connection else { return false }
        return PQtransactionStatus(connection) != PQTRANS_IDLE
    }

    // MARK: connecting

    func connect(
        connectionString: String, timeoutMilliseconds: UInt64, statementTimeoutMilliseconds: Int,
        completion: @escaping (Result<Void, PostgresError>) -> Void
    ) {
        core.assertOnLoop()
        onConnected = { [unowned self] outcome in
            guard case .success = outcome, statementTimeoutMilliseconds > 0 else {
                completion(outcome)
                return
            }
            // SET cannot take parameters; set_config can.
            self.run(
                sql: "SELECT set_config('statement_timeout', $1, false)",
                parameters: [.text("\(statementTimeoutMilliseconds)")]
            ) { result in
                completion(result.map { _ in () })
            }
        }
        // The timeout covers the name lookup too.
        connectTimer = LoopTimer.once(core: core, milliseconds: timeoutMilliseconds) { [unowned self] in
            self.connectTimer = nil
            self.failConnect(PostgresError(kind: .connectionFailed, message: "connecting timed out after \(timeoutMilliseconds) ms"))
        }
        HostResolver.prepareConnectionString(core: core, connectionString) { [weak self] prepared in
            guard let self, self.state == .connecting, self.connection == nil else { return }
            switch prepared {
            case .success(let connectionString): self.startConnecting(connectionString)
            case .failure(let error): self.failConnect(PostgresError(kind: .connectionFailed, message: error.message))
            }
        }
    }

    private func startConnecting(_ connectionString: String) {
        guard let connection = PQconnectStart(connectionString) else {
            failConnect(PostgresError(kind: .connectionFailed, message: "libpq could not allocate a connection"))
            return
        }
        self.connection = connection
        // The default notice processor prints to stderr; notices are not errors.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        guard PQstatus(connection) != CONNECTION_BAD else {
            failConnect(PostgresError(kind: .connectionFailed, message: errorMessage()))
            return
        }
        // libpq's documented first step: behave as if PQconnectPoll asked to wait for writability.
        continueConnecting(PGRES_POLLING_WRITING)
    }

    private func continueConnecting(_ status: PostgresPollingStatusType) {
        switch status {
        case PGRES_POLLING_OK:
            connectTimer?.close()
            connectTimer = nil
            PQsetnonblocking(connection, 1)
            state = .idle
            watchSocket(.readable)
            let done = onConnected
            onConnected = nil
            done?(.success(()))
        case PGRES_POLLING_READING:
            watchSocket(.readable)
        case PGRES_POLLING_WRITING:
            watchSocket(.writable)
        default:
            failConnect(PostgresError(kind: .connectionFailed, message: errorMessage()))
        }
    }

    private func failConnect(_ error: PostgresError) {
        guard state == .connecting else { return }
        teardown()
        let done = onConnected
        onConnected = nil
        done?(.failure(error))
    }

    // MARK: statements

    func run(sql: String, parameters: [PostgresValue], completion: @escaping Completion) {
        core.assertOnLoop()
        switch state {
        case .closed:
            completion(.failure(PostgresError(kind: .connectionLost, message: "the connection is closed")))
        case .busy, .connecting:
            queue.append(Statement(sql: sql, parameters: parameters, completion: completion))
        case .idle:
            start(Statement(sql: sql, parameters: parameters, completion: completion))
        }
    }

    private func start(_ statement: Statement) {
        let encoded: EncodedParameters
        do {
            encoded = try EncodedParameters(statement.parameters)
        } catch {
            statement.completion(.failure(error))
            startNextQueued()
            return
        }
        let sent = encoded.withCParameters { types, values, lengths, formats in
            PQsendQueryParams(connection, statement.sql, Int32(statement.parameters.count), types, values, lengths, formats, 0)
        }
        guard sent == 1 else {
            let error = PostgresError(kind: PQstatus(connection) == CONNECTION_BAD ? .connectionLost : .server, message: errorMessage())
            if error.kind == .connectionLost { breakConnection(error) }
            statement.completion(.failure(error))
            startNextQueued()
            return
        }
        state = .busy
        running = statement.completion
        result = nil
        serverError = nil
        flush()
    }

    private func startNextQueued() {
        guard state == .idle, !queue.isEmpty else { return }
        start(queue.removeFirst())
    }

    private func flush() {
        let rc = PQflush(connection)
        guard rc >= 0 else {
            breakConnection(PostgresError(kind: .connectionLost, message: errorMessage()))
            return
        }
        flushPending = rc == 1
        watchSocket(flushPending ? [.readable, .writable] : .readable)
    }

    private func readResults() {
        guard PQconsumeInput(connection) == 1 else {
            breakConnection(lostError())
            return
        }
        while PQisBusy(connection) == 0 {
            guard let pgResult = PQgetResult(connection) else {
                finishStatement()
                return
            }
            collect(pgResult)
            PQclear(pgResult)
        }
    }

    private func collect(_ pgResult: OpaquePointer) {
        switch PQresultStatus(pgResult) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            result = Self.copy(pgResult)
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
            serverError = Self.serverError(pgResult)
        default:
            serverError = PostgresError(
                kind: .protocolViolation,
                message: "unsupported result status \(String(cString: PQresStatus(PQresultStatus(pgResult))))"
            )
        }
    }

    private func finishStatement() {
        let completion = running
        running = nil
        let outcome: Result<PostgresResult, PostgresError>
        if let serverError {
            outcome = .failure(serverError)
        } else {
            outcome = .success(result ?? PostgresResult(columns: PostgresColumns(names: [], typeOIDs: []), rows: [], affectedRows: nil))
        }
        result = nil
        serverError = nil
        if PQstatus(connection) == CONNECTION_BAD {
            breakConnection(lostError())
        } else {
            state = .idle
            watchSocket(.readable)
        }
        completion?(outcome)
        startNextQueued()
    }

    /// The error for a connection that broke mid-statement: the server's own error if it sent
    /// one first (e.g. 57P01 after pg_terminate_backend), else libpq's message.
    private func lostError() -> PostgresError {
        var error = PostgresError(kind: .connectionLost, message: errorMessage())
        if let serverError {
            error.sqlState = serverError.sqlState
            error.message = serverError.message
            error.detail = serverError.detail
        }
        return error
    }

    // MARK: socket

    private func watchSocket(_ events: LoopPoll.Events) {
        guard let connection else { return }
        let fd = PQsocket(connection)
        guard fd >= 0 else {
            fail(PostgresError(kind: state == .connecting ? .connectionFailed : .connectionLost, message: "libpq has no socket: \(errorMessage())"))
            return
        }
        if let poll, poll.fd == fd {
            poll.watch(events)
            return
        }
        poll?.close()
        do {
            let newPoll = try LoopPoll(core: core, fd: fd)
            newPoll.onEvent = { [unowned self] status, events in self.socketEvent(status: status, events: events) }
            poll = newPoll
            newPoll.watch(events)
        } catch {
            poll = nil
            fail(PostgresError(kind: state == .connecting ? .connectionFailed : .connectionLost, message: "\(error)"))
        }
    }

    private func socketEvent(status: Int32, events: LoopPoll.Events) {
        if status < 0, state == .connecting {
            // libuv reports a socket error (e.g. a refused connect) as a status; PQconnectPoll
            // reads the socket's error and says it better ("Connection refused").
            poll?.watch([])
            let next = PQconnectPoll(connection)
            if next == PGRES_POLLING_OK || next == PGRES_POLLING_FAILED {
                continueConnecting(next)
            } else {
                failConnect(PostgresError(kind: .connectionFailed, message: "socket error \(uvErrorDescription(status))"))
            }
            return
        }
        guard status >= 0 else {
            fail(PostgresError(kind: state == .connecting ? .connectionFailed : .connectionLost, message: "socket error \(uvErrorDescription(status))"))
            return
        }
        switch state {
        case .connecting:
            // libpq may close and replace its socket inside PQconnectPoll (e.g. retrying without
            // SSL); libuv must stop watching a descriptor before it is closed.
            poll?.watch([])
            continueConnecting(PQconnectPoll(connection))
        case .idle:
            // Nobody asked for anything: the server is closing the connection (or has).
            breakConnection(PostgresError(kind: .connectionLost, message: "the server closed an idle connection"))
            onIdleFailure?()
        case .busy:
            if events.contains(.writable), flushPending {
                flush()
                guard state == .busy else { return }
            }
            if events.contains(.readable) { readResults() }
        case .closed:
            break
        }
    }

    private func fail(_ error: PostgresError) {
        if state == .connecting { failConnect(error) } else { breakConnection(error) }
    }

    /// Closes the socket and fails the running and queued statements with `error`.
    private func breakConnection(_ error: PostgresError) {
        guard state != .closed else { return }
        let wasConnecting = state == .connecting
        teardown()
        if wasConnecting {
            let done = onConnected
            onConnected = nil
            done?(.failure(error))
        }
        let completion = running
        running = nil
        let queued = queue
        queue = []
        completion?(.failure(error))
        for statement in queued { statement.completion(.failure(error)) }
    }

    /// Closes the connection; pending statements fail with `.closed`.
    func close() {
        breakConnection(PostgresError(kind: .closed, message: "the connection pool is closed"))
    }

    private func teardown() {
        state = .closed
        connectTimer?.close()
        connectTimer = nil
        // Stop watching before libpq closes the descriptor.
        poll?.close()
        poll = nil
        if let connection { PQfinish(connection) }
        connection = nil
    }

    private func errorMessage() -> String {
        guard let connection, let text = PQerrorMessage(connection) else { return "unknown libpq error" }
        let message = String(cString: text).trimmingTrailingWhitespace()
        return message.isEmpty ? "the connection was lost" : message
    }

    // MARK: results

    private static func copy(_ pgResult: OpaquePointer) -> PostgresResult {
        let columnCount = Int(PQnfields(pgResult))
        let rowCount = Int(PQntuples(pgResult))
        var names: [String] = []
        var oids: [UInt32] = []
        names.reserveCapacity(columnCount)
        for column in 0..<columnCount {
            names.append(String(cString: PQfname(pgResult, Int32(column))))
            oids.append(PQftype(pgResult, Int32(column)))
        }
        let columns = PostgresColumns(names: names, typeOIDs: oids)
        var rows: [PostgresRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<columnCount {
                if PQgetisnull(pgResult, Int32(row), Int32(column)) == 1 {
                    values.append(nil)
                } else {
                    let length = Int(PQgetlength(pgResult, Int32(row), Int32(column)))
                    let raw = UnsafeRawPointer(PQgetvalue(pgResult, Int32(row), Int32(column))!)
                    values.append(String(decoding: UnsafeRawBufferPointer(start: raw, count: length), as: UTF8.self))
                }
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        let tuples = String(cString: PQcmdTuples(pgResult))
        return PostgresResult(columns: columns, rows: rows, affectedRows: Int(tuples))
    }

    private static func serverError(_ pgResult: OpaquePointer) -> PostgresError {
        // The PG_DIAG_* codes are character-literal macros, which Swift does not import.
        func field(_ code: Unicode.Scalar) -> String? {
            PQresultErrorField(pgResult, Int32(code.value)).map { String(cString: $0) }
        }
        let message = field("M")
            ?? String(cString: PQresultErrorMessage(pgResult)).trimmingTrailingWhitespace()
        return PostgresError(
            kind: .server,
            sqlState: field("C"),
            message: message,
            detail: field("D"),
            constraint: field("n")
        )
    }
}

/// Whether reading `fd` would not block (data or EOF waiting), without consuming anything.
private func socketHasInput(_ fd: Int32) -> Bool {
    var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&descriptor, 1, 0) != 0
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
