/// Keeps one Redis connection up: connects, authenticates and selects the database, and after
/// a failure or disconnect reconnects with exponential backoff. Loop-thread only.
final class RedisLink: @unchecked Sendable {
    enum State { case idle, connecting, ready, waiting, closed }

    let core: LoopCore
    let configuration: RedisConfiguration
    private(set) var state: State = .idle
    private(set) var connection: RedisConnection?
    private var connectTimer: LoopTimer?
    private var retryTimer: LoopTimer?
    private(set) var failures = 0
    private(set) var lastError: RedisError?
    private(set) var connectionsOpened = 0
    /// Which connect attempt a late DNS answer or timer belongs to.
    private var attempt = 0
    /// The link became ready (first connect or reconnect).
    var onReady: (() -> Void)?
    /// The link went down (connect failed or connection lost); reconnecting is scheduled.
    var onDown: ((RedisError) -> Void)?
    var onPush: ((RedisReply) -> Void)?

    init(core: LoopCore, configuration: RedisConfiguration) {
        self.core = core
        self.configuration = configuration
    }

    func start() {
        guard state == .idle else { return }
        connect()
    }

    private func connect() {
        state = .connecting
        attempt += 1
        let current = attempt
        let timeout = configuration.connectTimeoutMilliseconds
        // The timeout covers the name lookup too.
        connectTimer = LoopTimer.once(core: core, milliseconds: timeout) { [unowned self] in
            self.connectTimer = nil
            guard self.state == .connecting, self.attempt == current else { return }
            self.failed(RedisError(kind: .connectionFailed, message: "connecting timed out after \(timeout) ms"))
        }
        HostResolver.resolve(core: core, host: configuration.host) { [weak self] resolved in
            guard let self, self.state == .connecting, self.attempt == current else { return }
            switch resolved {
            case .success(let address): self.open(address: address)
            case .failure(let error): self.failed(RedisError(kind: .connectionFailed, message: error.message))
            }
        }
    }

    private func open(address: String) {
        let connection = RedisConnection()
        self.connection = connection
        connection.onConnect = { [unowned self, weak connection] outcome in
            guard let connection, self.connection === connection else { return }
            switch outcome {
            case .success: self.handshake(connection)
            case .failure(let error): self.failed(error)
            }
        }
        connection.onDisconnect = { [unowned self, weak connection] error in
            guard let connection, self.connection === connection else { return }
            self.failed(error.kind == .closed ? RedisError(kind: .connectionLost, message: "the server closed the connection") : error)
        }
        connection.onPush = { [unowned self] reply in self.onPush?(reply) }
        do {
            try connection.connect(host: address, port: configuration.port, core: core)
        } catch {
            failed(error)
        }
    }

    private func handshake(_ connection: RedisConnection) {
        var commands: [[RedisArgument]] = []
        if let password = configuration.password {
            commands.append(["AUTH"] + (configuration.user.map { [RedisArgument($0)] } ?? []) + [RedisArgument(password)])
        }
        if configuration.database != 0 {
            commands.append(["SELECT", RedisArgument(configuration.database)])
        }
        guard !commands.isEmpty else {
            becomeReady()
            return
        }
        var remaining = commands.count
        var failure: RedisError?
        for command in commands {
            connection.send(command) { [unowned self, weak connection] result in
                switch result {
                case .success(.error(let message)):
                    failure = failure ?? RedisError(kind: .connectionFailed, message: "\(String(decoding: command[0].bytes, as: UTF8.self)) failed: \(message)")
                case .failure(let error):
                    failure = failure ?? error
                case .success:
                    break
                }
                remaining -= 1
                guard remaining == 0, let connection, self.connection === connection, self.state == .connecting else { return }
                if let failure { self.failed(failure) } else { self.becomeReady() }
            }
        }
    }

    private func becomeReady() {
        connectTimer?.close()
        connectTimer = nil
        state = .ready
        failures = 0
        lastError = nil
        connectionsOpened += 1
        onReady?()
    }

    private func failed(_ error: RedisError) {
        guard state == .connecting || state == .ready else { return }
        connectTimer?.close()
        connectTimer = nil
        let old = connection
        connection = nil
        old?.close()
        failures += 1
        lastError = error
        state = .waiting
        let delay = configuration.reconnectBackoff.delay(afterFailures: failures)
        retryTimer = LoopTimer.once(core: core, milliseconds: delay) { [unowned self] in
            self.retryTimer = nil
            guard self.state == .waiting else { return }
            self.connect()
        }
        onDown?(error)
    }

    func close() {
        guard state != .closed else { return }
        state = .closed
        connectTimer?.close()
        connectTimer = nil
        retryTimer?.close()
        retryTimer = nil
        let old = connection
        connection = nil
        old?.close()
        onReady = nil
        onDown = nil
        onPush = nil
    }
}
