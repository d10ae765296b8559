import DEXMath
import Foundation
import Routing
import ServiceKit

/// Everything `basebook-router serve` is configured with: environment variables (names as in
/// the k8s ConfigMap/Secret), with command-line options taking precedence for the state source.
public struct RouterSettings: Sendable {
    public var server: ServerSettings
    /// A snapshot to load at start (`--state-file` / `STATE_FILE`).
    public var stateFile: String?
    /// The backend whose state feed to follow (`--backend-url` / `BACKEND_URL`).
    public var backendURL: String?
    /// Sent as `Authorization: Bearer …` to the backend's /internal endpoints when set.
    public var internalToken: String?
    /// Readiness fails once the state was last confirmed longer ago than this (backend sync only).
    public var stateMaxAge: Duration
    public var defaults: QuoteDefaults
    public var routing: RouterConfiguration
    public var quoteCacheSize: Int
    public var maxBatchRequests: Int

    public init(server: ServerSettings = ServerSettings(port: 8080, metricsPort: 9091), stateFile: String? = nil, backendURL: String? = nil,
                internalToken: String? = nil, stateMaxAge: Duration = .seconds(120), defaults: QuoteDefaults = QuoteDefaults(),
                routing: RouterConfiguration = RouterConfiguration(), quoteCacheSize: Int = 10_000, maxBatchRequests: Int = 100) {
        self.server = server
        self.stateFile = stateFile
        self.backendURL = backendURL
        self.internalToken = internalToken
        self.stateMaxAge = stateMaxAge
        self.defaults = defaults
        self.routing = routing
        self.quoteCacheSize = quoteCacheSize
        self.maxBatchRequests = maxBatchRequests
    }

    public static func load(from environment: EnvironmentVariables, stateFile: String? = nil, backendURL: String? = nil) throws(ConfigurationError) -> RouterSettings {
        var routing = RouterConfiguration()
        routing.defaultGasPriceWei = try environment.parse("DEFAULT_GAS_PRICE_WEI", default: routing.defaultGasPriceWei,
                                                           expected: "a decimal integer number of wei, at most \(QuoteRequest.maxGasPriceWei.decimalString)") {
            UInt256($0).flatMap { $0 <= QuoteRequest.maxGasPriceWei ? $0 : nil }
        }
        let backend: String?
        if let backendURL {
            guard let normalized = try? EnvironmentVariables(["--backend-url": backendURL]).httpURL("--backend-url") else {
                throw ConfigurationError(variable: "--backend-url", expected: "an absolute http:// or https:// URL", got: backendURL)
            }
            backend = normalized
        } else {
            backend = try environment.httpURL("BACKEND_URL")
        }
        return RouterSettings(
            server: try ServerSettings.load(from: environment, defaultPort: 8080, defaultMetricsPort: 9091),
            stateFile: stateFile ?? environment.string("STATE_FILE"),
            backendURL: backend,
            internalToken: environment.string("INTERNAL_TOKEN"),
            stateMaxAge: try environment.seconds("STATE_MAX_AGE_SECONDS", default: 120),
            defaults: QuoteDefaults(
                maxHops: try environment.integer("MAX_HOPS", default: 3, in: 1...QuoteRequest.maxHopsLimit),
                maxSplits: try environment.integer("MAX_SPLITS", default: 3, in: 1...QuoteRequest.maxSplitsLimit),
                slippageBps: try environment.integer("DEFAULT_SLIPPAGE_BPS", default: QuoteRequest.defaultSlippageBps, in: 0...10_000)
            ),
            routing: routing,
            quoteCacheSize: try environment.integer("QUOTE_CACHE_SIZE", default: 10_000, in: 0...10_000_000),
            maxBatchRequests: try environment.integer("MAX_BATCH_QUOTES", default: 100, in: 1...10_000)
        )
    }
}

/// What a quote request gets for the optional fields it leaves out.
public struct QuoteDefaults: Sendable, Hashable {
    public var maxHops: Int
    public var maxSplits: Int
    public var slippageBps: UInt32

    public init(maxHops: Int = 3, maxSplits: Int = 3, slippageBps: UInt32 = QuoteRequest.defaultSlippageBps) {
        self.maxHops = maxHops
        self.maxSplits = maxSplits
        self.slippageBps = slippageBps
    }
}
