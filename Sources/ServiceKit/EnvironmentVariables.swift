import Foundation
import Logging

/// The process environment as a value: services read their configuration from one of these,
/// never from the process directly, so tests pass a dictionary and nothing global changes.
///
/// An unset variable and an empty one both mean "use the default": Kubernetes ConfigMaps and
/// compose files often render an optional key as an empty string.
public struct EnvironmentVariables: Sendable {
    public var values: [String: String]

    public init(_ values: [String: String] = [:]) {
        self.values = values
    }

    /// The environment of this process.
    public static var process: EnvironmentVariables {
        EnvironmentVariables(ProcessInfo.processInfo.environment)
    }

    /// The value, trimmed of surrounding whitespace; nil when unset or empty.
    public func string(_ name: String) -> String? {
        guard let raw = values[name] else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    public func string(_ name: String, default defaultValue: String) -> String {
        string(name) ?? defaultValue
    }

    /// Any value a parser accepts; `expected` completes "NAME must be …" in the error.
    public func parse<T>(_ name: String, expected: String, _ parser: (String) -> T?) throws(ConfigurationError) -> T? {
        guard let text = string(name) else { return nil }
        guard let value = parser(text) else { throw ConfigurationError(variable: name, expected: expected, got: text) }
        return value
    }

    public func parse<T>(_ name: String, default defaultValue: T, expected: String, _ parser: (String) -> T?) throws(ConfigurationError) -> T {
        try parse(name, expected: expected, parser) ?? defaultValue
    }

    /// A decimal integer within `range`.
    public func integer<T: FixedWidthInteger & Sendable>(_ name: String, default defaultValue: T, in range: ClosedRange<T>) throws(ConfigurationError) -> T {
        try parse(name, default: defaultValue, expected: "an integer between \(range.lowerBound) and \(range.upperBound)") { text in
            T(text).flatMap { range.contains($0) ? $0 : nil }
        }
    }

    /// A TCP port, 1…65535.
    public func port(_ name: String, default defaultValue: Int) throws(ConfigurationError) -> Int {
        try integer(name, default: defaultValue, in: 1...65535)
    }

    /// A whole number of seconds within `range`, as a Duration.
    public func seconds(_ name: String, default defaultValue: Int, in range: ClosedRange<Int> = 1...86_400) throws(ConfigurationError) -> Duration {
        .seconds(try integer(name, default: defaultValue, in: range))
    }

    /// true/false, also 1/0 and yes/no, any case.
    public func bool(_ name: String, default defaultValue: Bool) throws(ConfigurationError) -> Bool {
        try parse(name, default: defaultValue, expected: "true or false") { text in
            switch text.lowercased() {
            case "true", "1", "yes": true
            case "false", "0", "no": false
            default: nil
            }
        }
    }

    /// An absolute http(s) URL; a trailing slash is dropped so paths can be appended.
    public func httpURL(_ name: String) throws(ConfigurationError) -> String? {
        try parse(name, expected: "an absolute http:// or https:// URL") { text in
            HTTPURLText.normalized(text)
        }
    }

    /// A swift-log level name: trace, debug, info, notice, warning, error or critical.
    public func logLevel(_ name: String = "LOG_LEVEL", default defaultValue: Logger.Level = .info) throws(ConfigurationError) -> Logger.Level {
        try parse(name, default: defaultValue, expected: "one of trace, debug, info, notice, warning, error, critical") { text in
            Logger.Level(rawValue: text.lowercased())
        }
    }
}

/// A configuration value the service cannot run with. The message names the variable, what it
/// must be and what it was, so the operator can fix the manifest without reading code.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable, Sendable {
    public var variable: String
    public var expected: String
    public var got: String

    public init(variable: String, expected: String, got: String) {
        self.variable = variable
        self.expected = expected
        self.got = got
    }

    public var description: String {
        "\(variable) must be \(expected), got \"\(got.prefix(200))\""
    }
}

/// Checks the shape of an http(s) URL without a full URL parser: scheme, then a host.
enum HTTPURLText {
    static func normalized(_ text: String) -> String? {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("http://") { rest = text.dropFirst(7) }
        else if lower.hasPrefix("https://") { rest = text.dropFirst(8) }
        else { return nil }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !text.contains(where: \.isWhitespace) else { return nil }
        var result = text
        while result.hasSuffix("/") { result.removeLast() }
        return result
    }
}
