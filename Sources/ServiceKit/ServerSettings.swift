import Logging

/// The settings every HTTP service reads the same way: where to listen, how much to log, how
/// large a request body may be.
public struct ServerSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var metricsPort: Int
    public var logLevel: Logger.Level
    public var maxBodyBytes: Int

    public init(host: String = "0.0.0.0", port: Int, metricsPort: Int, logLevel: Logger.Level = .info, maxBodyBytes: Int = 64 * 1024) {
        self.host = host
        self.port = port
        self.metricsPort = metricsPort
        self.logLevel = logLevel
        self.maxBodyBytes = maxBodyBytes
    }

    /// `HOST`, `PORT`, `METRICS_PORT`, `LOG_LEVEL`, `MAX_BODY_BYTES`, with the service's defaults.
    public static func load(from environment: EnvironmentVariables, defaultPort: Int, defaultMetricsPort: Int,
                            defaultMaxBodyBytes: Int = 64 * 1024) throws(ConfigurationError) -> ServerSettings {
        let settings = ServerSettings(
            host: environment.string("HOST", default: "0.0.0.0"),
            port: try environment.port("PORT", default: defaultPort),
            metricsPort: try environment.port("METRICS_PORT", default: defaultMetricsPort),
            logLevel: try environment.logLevel(),
            maxBodyBytes: try environment.integer("MAX_BODY_BYTES", default: defaultMaxBodyBytes, in: 1...(64 * 1024 * 1024))
        )
        guard settings.port != settings.metricsPort else {
            throw ConfigurationError(variable: "METRICS_PORT", expected: "different from PORT (\(settings.port))", got: String(settings.metricsPort))
        }
        return settings
    }
}
