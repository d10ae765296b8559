import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A swift-log handler writing one JSON object per line:
/// `{"ts":"2025-01-31T23:59:59.123Z","level":"info","logger":"router","msg":"…", …metadata}`.
/// One line per event keeps the output parseable by any log shipper reading container stdout.
public struct JSONLogHandler: LogHandler {
    /// The fixed keys every line starts with; metadata under the same names is prefixed with
    /// "meta." rather than dropped or allowed to shadow them.
    static let reservedKeys: Set<String> = ["ts", "level", "logger", "msg"]

    public let label: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let output: LogOutput
    let clock: @Sendable () -> WallClockTime

    public init(label: String, level: Logger.Level = .info, output: LogOutput = .standardOutput,
                metadataProvider: Logger.MetadataProvider? = nil,
                clock: @escaping @Sendable () -> WallClockTime = WallClockTime.now) {
        self.label = label
        self.logLevel = level
        self.output = output
        self.metadataProvider = metadataProvider
        self.clock = clock
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        if let error = event.error, merged["error"] == nil { merged["error"] = .string("\(error)") }
        output.write(Self.line(ts: clock(), level: event.level, logger: label, message: event.message.description, metadata: merged))
    }

    /// The JSON line, without its newline. Metadata keys are sorted so lines diff cleanly.
    static func line(ts: WallClockTime, level: Logger.Level, logger: String, message: String, metadata: Logger.Metadata) -> String {
        var line = "{\"ts\":\"" + ts.rfc3339 + "\",\"level\":\"" + level.rawValue + "\",\"logger\":" + JSONText.quoted(logger)
            + ",\"msg\":" + JSONText.quoted(message)
        for key in metadata.keys.sorted() {
            let name = reservedKeys.contains(key) ? "meta." + key : key
            line += "," + JSONText.quoted(name) + ":" + json(metadata[key]!)
        }
        line += "}"
        return line
    }

    static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): JSONText.quoted(text)
        case .stringConvertible(let convertible): JSONText.quoted(convertible.description)
        case .array(let values): "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let entries):
            "{" + entries.keys.sorted().map { JSONText.quoted($0) + ":" + json(entries[$0]!) }.joined(separator: ",") + "}"
        }
    }
}

/// Where log lines go. Standard output by default; tests capture lines in memory.
public struct LogOutput: Sendable {
    let writeLine: @Sendable (String) -> Void

    public init(_ writeLine: @escaping @Sendable (String) -> Void) {
        self.writeLine = writeLine
    }

    func write(_ line: String) { writeLine(line) }

    /// Lines written whole under one lock, so concurrent loggers never interleave bytes.
    public static let standardOutput = LogOutput { line in
        StandardOutput.shared.emit(line + "\n")
    }
}

final class StandardOutput: Sendable {
    static let shared = StandardOutput()
    private let lock = Mutex(())

    func emit(_ text: String) {
        lock.withLock { _ in
            var bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { buffer in
                    write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // stdout closed: nothing sensible left to do with a log line
                }
                offset += written
            }
        }
    }
}

/// Process-wide logging setup, done once by a service's main.
public enum ServiceLogging {
    /// Routes every swift-log logger (including the libraries') to JSON lines on stdout.
    public static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            JSONLogHandler(label: label, level: level)
        }
    }
}
