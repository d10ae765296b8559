/// The pool's state, on the loop thread: open connections, idle ones, FIFO waiters, backoff.
/// `@unchecked Sendable`: only touched from jobs on its `DataLoop`.
final class PostgresPoolCore: LoopResource, @unchecked Sendable {
    typealias Lease = (Result<PostgresConnection, PostgresError>) -> Void

    private struct Waiter {
        let id: UInt64
        let timer: LoopTimer
        let callback: Lease
    }

    let core: LoopCore
    let configuration: PostgresConfiguration
    private var open: [ObjectIdentifier: PostgresConnection] = [:]
    private var idle: [PostgresConnection] = []
    private var connectingConnections: [ObjectIdentifier: PostgresConnection] = [:]
    private var connecting: Int { connectingConnections.count }
    private var waiters: [Waiter] = []
    private var nextWaiterID: UInt64 = 0
    private var failures = 0
    private var lastError: PostgresError?
    private var retryTimer: LoopTimer?
    private var backoffUntil: UInt64 = 0
    private var closed = false
    private var closeWaiters: [() -> Void] = []
    private var connectionsOpened = 0

    init(core: LoopCore, configuration: PostgresConfiguration) {
        self.core = core
        self.configuration = configuration
    }

    func start() {
        core.register(self)
        openIfNeeded()
    }

    // MARK: leases

    func acquire(_ callback: @escaping Lease) {
        guard !closed else {
            callback(.failure(PostgresError(kind: .closed, message: "the connection pool is closed")))
            return
        }
        while let connection = idle.popLast() {
            if connection.isHealthyForCheckout() {
                callback(.success(connection))
                return
            }
            discard(connection)
        }
        // With no connection at all and the last attempt failed, waiting would only delay the
        // same answer: callers (e.g. /ready) learn at once that the database is down.
        if open.isEmpty, connecting == 0, let lastError, core.now < backoffUntil {
            callback(.failure(PostgresError(kind: .unavailable, sqlState: lastError.sqlState, message: "PostgreSQL is unavailable: \(lastError.message)")))
            return
        }
        nextWaiterID += 1
        let id = nextWaiterID
        let timeout = configuration.acquireTimeoutMilliseconds
        let timer = LoopTimer.once(core: core, milliseconds: timeout) { [unowned self] in
            guard let index = self.waiters.firstIndex(where: { $0.id == id }) else { return }
            let waiter = self.waiters.remove(at: index)
            var message = "no connection became free within \(timeout) ms"
            if let lastError = self.lastError { message += " (last connection error: \(lastError.message))" }
            waiter.callback(.failure(PostgresError(kind: .poolTimeout, message: message)))
        }
        waiters.append(Waiter(id: id, timer: timer, callback: callback))
        openIfNeeded()
    }

    func release(_ connection: PostgresConnection) {
        if closed || connection.isClosed || connection.isInTransaction {
            discard(connection)
            openIfNeeded()
        } else {
            handOut(connection)
        }
        finishCloseIfDone()
    }

    private func handOut(_ connection: PostgresConnection) {
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            waiter.timer.close()
            waiter.callback(.success(connection))
        } else {
            idle.append(connection)
        }
    }

    private func discard(_ connection: PostgresConnection) {
        connection.onIdleFailure = nil
        connection.close()
        open[ObjectIdentifier(connection)] = nil
        idle.removeAll { $0 === connection }
    }

    // MARK: connecting

    /// Opens connections for the minimum and for waiters, within the maximum, unless a
    /// backoff delay is running (its timer calls back here).
    private func openIfNeeded() {
        guard !closed, retryTimer == nil else { return }
        let pending = open.count + connecting
        let forMinimum = configuration.minConnections - pending
        let forWaiters = waiters.count - connecting
        let wanted = min(max(forMinimum, forWaiters), configuration.maxConnections - pending)
        guard wanted > 0 else { return }
        for _ in 0..<wanted { openConnection() }
    }

    private func openConnection() {
        let connection = PostgresConnection(core: core)
        connectingConnections[ObjectIdentifier(connection)] = connection
        connection.connect(
            connectionString: configuration.connectionString,
            timeoutMilliseconds: configuration.connectTimeoutMilliseconds,
            statementTimeoutMilliseconds: configuration.statementTimeoutMilliseconds
        ) { [unowned self] outcome in
            self.connectingConnections[ObjectIdentifier(connection)] = nil
            switch outcome {
            case .success:
                guard !self.closed else {
                    connection.close()
                    self.finishCloseIfDone()
                    return
                }
                self.failures = 0
                self.lastError = nil
                self.connectionsOpened += 1
                self.open[ObjectIdentifier(connection)] = connection
                connection.onIdleFailure = { [unowned self, unowned connection] in
                    self.discard(connection)
                    self.openIfNeeded()
                }
                self.handOut(connection)
            case .failure(let error):
                connection.close()
                self.connectFailed(error)
            }
            self.finishCloseIfDone()
        }
    }

    private func connectFailed(_ error: PostgresError) {
        guard !closed else { return }
        failures += 1
        lastError = error
        let delay = configuration.reconnectBackoff.delay(afterFailures: failures)
        backoffUntil = core.now + delay
        if open.isEmpty, connecting == 0 {
            let failed = waiters
            waiters = []
            for waiter in failed {
                waiter.timer.close()
                waiter.callback(.failure(PostgresError(kind: .unavailable, sqlState: error.sqlState, message: "PostgreSQL is unavailable: \(error.message)")))
            }
        }
        if retryTimer == nil {
            retryTimer = LoopTimer.once(core: core, milliseconds: delay) { [unowned self] in
                self.retryTimer = nil
                self.openIfNeeded()
            }
        }
    }

    // MARK: closing

    /// Stops handing out connections, fails waiters, closes idle connections now and leased
    /// ones when they come back; `done` runs once every connection is closed.
    func close(_ done: @escaping () -> Void) {
        closeWaiters.append(done)
        guard !closed else {
            finishCloseIfDone()
            return
        }
        closed = true
        retryTimer?.close()
        retryTimer = nil
        let failed = waiters
        waiters = []
        for waiter in failed {
            waiter.timer.close()
            waiter.callback(.failure(PostgresError(kind: .closed, message: "the connection pool is closed")))
        }
        for connection in idle { discard(connection) }
        // Their connect callbacks run now, see `closed` and finish the close.
        for connection in connectingConnections.values { connection.close() }
        finishCloseIfDone()
    }

    /// The loop is stopping: leased connections are closed too, failing their statements.
    func shutdownOnLoop() {
        close {}
        for connection in open.values { discard(connection) }
        finishCloseIfDone()
    }

    private func finishCloseIfDone() {
        guard closed, open.isEmpty, connecting == 0, !closeWaiters.isEmpty else { return }
        core.unregister(self)
        let done = closeWaiters
        closeWaiters = []
        for callback in done { callback() }
    }

    var stats: PostgresPoolStats {
        PostgresPoolStats(
            open: open.count, idle: idle.count, connecting: connecting, waiting: waiters.count,
            connectionsOpened: connectionsOpened, consecutiveConnectFailures: failures,
            lastConnectError: lastError
        )
    }
}

/// A snapshot of the pool, for readiness checks, metrics and tests.
public struct PostgresPoolStats: Sendable, Equatable {
    public let open: Int
    public let idle: Int
    public let connecting: Int
    public let waiting: Int
    /// Connections successfully opened since the pool started (reconnects included).
    public let connectionsOpened: Int
    public let consecutiveConnectFailures: Int
    public let lastConnectError: PostgresError?

    public var inUse: Int { open - idle }
}
