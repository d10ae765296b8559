import Foundation

/// How a service command ends on an error it cannot serve through: one plain line on stderr for
/// a person at a terminal (the JSON log has it too), then a sysexits(3) code the container
/// runtime and scripts can tell apart.
public enum CommandFailure {
    public static let failure: Int32 = 1
    public static let usage: Int32 = 64  // EX_USAGE
    public static let noInput: Int32 = 66  // EX_NOINPUT
    public static let configuration: Int32 = 78  // EX_CONFIG

    /// Writes "`command`: `message`" to stderr and exits with `exitCode`.
    public static func exit(_ command: String, _ message: String, exitCode: Int32) -> Never {
        FileHandle.standardError.write(Data("\(command): \(message)\n".utf8))
        Foundation.exit(exitCode)
    }
}
