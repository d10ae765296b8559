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

    /// Runs a command to completion; throws with its output when it fails.
    @discardableResult
    static func run(_ arguments: [String], asPostgres: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = (asPostgres && geteuid() == 0 ? ["runuser", "-u", "postgres", "--"] : []) + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw Failed(command: arguments.joined(separator: " "), output: text) }
        return text
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
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        server.arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory,
                            "--logfile", "\(directory)/redis.log"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        process.set(server)
        for _ in 0..<3_000 {
            if (try? FaultServers.run(["redis-cli", "-h", "127.0.0.1", "-p", "\(port)", "ping"]))?.contains("PONG") == true { return }
            guard server.isRunning else { break }
            usleep(10_000)
        }
        throw FaultServers.Failed(command: "redis-server on \(port)", output: "did not answer PING")
    }

    /// SIGKILL: the server vanishes as in a crash.
    func stop() {
        guard let server = process.take() else { return }
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
    }

    func destroy() {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// The running redis-server process, replaced on restart.
private final class ProcessBox: @unchecked Sendable {
    private let lock = NSLock()
    private var process: Process?

    func set(_ value: Process) { lock.withLock { process = value } }
    func take() -> Process? { lock.withLock { defer { process = nil }; return process } }
}
