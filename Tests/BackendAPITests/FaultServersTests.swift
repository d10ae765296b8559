import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Throwaway PostgreSQL and Redis servers the fault tests stop and start at will, on free
/// loopback ports under a private temp dir (as scripts/test.sh starts its own). PostgreSQL
/// refuses to run as root, so as root it runs as Debian's `postgres` system user.
enum FaultServers {
    static var available: Bool {
        postgresBin != nil && access("/usr/bin/redis-server", X_OK) == 0
    }

    static let postgresBin: String? = {
        let base = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        for version in versions.sorted(by: { $0.compare($1, options: .numeric) == .orderedDescending })
        where access("\(base)/\(version)/bin/pg_ctl", X_OK) == 0 {
            return "\(base)/\(version)/bin"
        }
        return nil
    }()

    /// A private dir under /tmp that the postgres user can traverse (mode 711).
    static func temporaryDirectory() throws -> String {
        var template = Array("/tmp/basebook-fault.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EACCES) }
        let path = String(cString: made)
        _ = chmod(path, 0o711)
        return path
    }

    /// Runs a command to completion; throws with its output when it fails. Spawned and reaped
    /// with posix_spawn/waitpid: Foundation's `Process.waitUntilExit` can miss a child's exit
    /// on Linux and wait forever, which hung this suite.
    @discardableResult
    static func run(_ arguments: [String], asPostgres: Bool = false) throws -> String {
        // From /, which the postgres user can always enter.
        let command = ["env", "-C", "/"] + (asPostgres && geteuid() == 0 ? ["runuser", "-u", "postgres", "--"] : []) + arguments
        var pipe: [Int32] = [0, 0]
        // Close-on-exec, so only the dup2'd stdout/stderr reach the child: a server it starts
        // must not inherit the write end and keep the read below from ever seeing EOF.
        guard Glibc.pipe(&pipe) == 0 else { throw POSIXError(.EMFILE) }
        for end in pipe { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let child: pid_t
        do {
            child = try spawn(command, output: pipe[1])
        } catch {
            close(pipe[0]); close(pipe[1])
            throw error
        }
        close(pipe[1])
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(pipe[0], &buffer, buffer.count)
            if count > 0 { data += buffer[0..<count] } else if count == 0 || errno != EINTR { break }
        }
        close(pipe[0])
        let status = waitForExit(child)
        let text = String(decoding: data, as: UTF8.self)
        guard status == 0 else { throw Failed(command: arguments.joined(separator: " "), output: text) }
        return text
    }

    /// Starts `arguments` (looked up in PATH) with stdout and stderr on `output`, stdin on /dev/null.
    static func spawn(_ arguments: [String], output: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
        guard result == 0 else { throw Failed(command: arguments.joined(separator: " "), output: String(cString: strerror(result))) }
        return pid
    }

    /// The exit status of `pid` once it ends (128 + signal when killed).
    @discardableResult
    static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    struct Failed: Error, CustomStringConvertible {
        var command: String
        var output: String
        var description: String { "\(command) failed: \(output)" }
    }
}

final class ThrowawayPostgres: Sendable {
    let directory: String
    let port: Int
    let bin: String

    init() throws {
        bin = FaultServers.postgresBin!
        directory = try FaultServers.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: "\(directory)/pg/sock", withIntermediateDirectories: true)
        if geteuid() == 0 { try FaultServers.run(["chown", "-R", "postgres:", "\(directory)/pg"]) }
        port = try DataPlaneTest.freePort()
        try FaultServers.run(["\(bin)/initdb", "-D", "\(directory)/pg/data", "-U", "basebook", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
                             asPostgres: true)
        let settings = """
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '\(directory)/pg/sock'
            fsync = off
            max_connections = 100
            """
        try FaultServers.run(["sh", "-c", "printf '%s\\n' \"$1\" >> \"$2\"", "sh", settings, "\(directory)/pg/data/postgresql.conf"], asPostgres: true)
        try start()
    }

    var url: String { "postgres://basebook@127.0.0.1:\(port)/postgres" }

    func start() throws {
        try FaultServers.run(["\(bin)/pg_ctl", "-D", "\(directory)/pg/data", "-l", "\(directory)/pg/log", "-o", "-p \(port)", "-w", "-t", "30", "start"],
                             asPostgres: true)
    }

    /// Immediate mode: the server dies as in a crash; clients see their connections drop.
    func stop() throws {
        try FaultServers.run(["\(bin)/pg_ctl", "-D", "\(directory)/pg/data", "-m", "immediate", "-w", "-t", "30", "stop"], asPostgres: true)
    }

    func destroy() {
        _ = try? stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

final class ThrowawayRedis: Sendable {
    let directory: String
    let port: Int
    private let process = ProcessBox()

    init() throws {
        directory = try FaultServers.temporaryDirectory()
        port = try DataPlaneTest.freePort()
        try start()
    }

    var url: String { "redis://127.0.0.1:\(port)" }

    func start() throws {
        let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(devNull) }
        let server = try FaultServers.spawn(["/usr/bin/redis-server", "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                             "--dir", directory, "--logfile", "\(directory)/redis.log"], output: devNull)
        process.set(server)
        for _ in 0..<3_000 {
            if (try? FaultServers.run(["redis-cli", "-h", "127.0.0.1", "-p", "\(port)", "ping"]))?.contains("PONG") == true { return }
            // Still running? (waitpid with WNOHANG reaps it if it died.)
            var status: Int32 = 0
            guard waitpid(server, &status, WNOHANG) == 0 else { break }
            usleep(10_000)
        }
        throw FaultServers.Failed(command: "redis-server on \(port)", output: "did not answer PING")
    }

    /// SIGKILL: the server vanishes as in a crash.
    func stop() {
        guard let server = process.take() else { return }
        kill(server, SIGKILL)
        FaultServers.waitForExit(server)
    }

    func destroy() {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// The running redis-server's pid, replaced on restart.
private final class ProcessBox: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: pid_t?

    func set(_ value: pid_t) { lock.withLock { pid = value } }
    func take() -> pid_t? { lock.withLock { defer { pid = nil }; return pid } }
}
