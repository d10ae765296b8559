import Logging
import ServiceKit

/// Everything `basebook-frontend serve` reads from the environment. The frontend serves its
/// metrics on its own port, so unlike the other services it has no METRICS_PORT.
public struct FrontendSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level
    /// The directory served; resolved to an absolute path without symlinks at start.
    public var root: String
    public var runtime: RuntimeConfig

    public init(host: String = "0.0.0.0", port: Int = 3000, logLevel: Logger.Level = .info, root: String, runtime: RuntimeConfig = RuntimeConfig()) {
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.root = root
        self.runtime = runtime
    }

    /// `HOST`, `PORT` (3000), `LOG_LEVEL`, `FRONTEND_ROOT` (./Frontend), `API_URL`, `WS_URL`, `CHAIN_ID` (8453).
    public static func load(from environment: EnvironmentVariables) throws(ConfigurationError) -> FrontendSettings {
        let wsURL = try environment.parse("WS_URL", default: RuntimeConfig.defaultWSURL,
                                          expected: "an absolute ws:// or wss:// URL", WebSocketURLText.normalized)
        return FrontendSettings(
            host: environment.string("HOST", default: "0.0.0.0"),
            port: try environment.port("PORT", default: 3000),
            logLevel: try environment.logLevel(),
            root: environment.string("FRONTEND_ROOT", default: "./Frontend"),
            runtime: RuntimeConfig(
                apiURL: try environment.httpURL("API_URL") ?? RuntimeConfig.defaultAPIURL,
                wsURL: wsURL,
                chainId: try environment.integer("CHAIN_ID", default: 8453, in: 1...Int(Int32.max))
            )
        )
    }
}

/// The shape check `EnvironmentVariables.httpURL` does, for WebSocket URLs.
enum WebSocketURLText {
    static func normalized(_ text: String) -> String? {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("ws://") { rest = text.dropFirst(5) }
        else if lower.hasPrefix("wss://") { rest = text.dropFirst(6) }
        else { return nil }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !text.contains(where: \.isWhitespace) else { return nil }
        return text
    }
}
