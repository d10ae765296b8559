import Foundation
import Market
import ServiceKit

/// Everything `basebook-api` is configured with, from environment variables named as in the
/// k8s ConfigMap/Secret. Unset means the local default: embedded store, cache, bus and rate
/// limiter, the devnet market, a router on localhost.
public struct BackendSettings: Sendable {
    public enum Indexer: String, Sendable { case devnet, rpc }

    public var server: ServerSettings
    public var chainId: UInt64
    public var indexer: Indexer
    public var devnet: DevnetSettings
    public var routerURL: String
    public var routerTimeout: Duration
    public var quoteCacheTTL: Duration
    public var internalToken: String?
    /// Pages allowed to use the REST API and the WebSocket (`CORS_ORIGINS`).
    public var allowedOrigins: AllowedOrigins
    public var rateLimit: RateLimitSettings
    public var databaseURL: String?
    public var redisURL: String?
    public var redisKeyPrefix: String
    public var environment: EnvironmentVariables

    public struct DevnetSettings: Sendable {
        public var seed: UInt64
        public var swapsPerSecond: Double
        public var historyHours: Int
        public var blockSeconds: Int
        /// Unix seconds of the simulated chain's genesis (`DEVNET_START_TIME`); nil derives it.
        public var startTime: Int64?
    }

    public struct RateLimitSettings: Sendable, Equatable {
        /// Sustained requests per minute per client; 0 disables the limiter.
        public var perMinute: Int
        public var burst: Int
        /// Clients presenting one of these in `x-api-key` are limited per key rather than per IP.
        public var apiKeys: Set<String>
        /// Proxies in front that append to `X-Forwarded-For` (1 behind the ingress); 0 keys on
        /// the peer address and ignores the header.
        public var trustedProxyHops = 0
    }

    public static func load(from environment: EnvironmentVariables) throws(ConfigurationError) -> BackendSettings {
        let server = try ServerSettings.load(from: environment, defaultPort: 4000, defaultMetricsPort: 9090)
        let indexer = try environment.parse("INDEXER", default: Indexer.devnet, expected: "devnet or rpc") { Indexer(rawValue: $0.lowercased()) }
        let swapsPerSecond = try environment.parse("DEVNET_SWAPS_PER_SECOND", default: 2.0, expected: "a number of swaps per second between 0 and 1000") { text in
            Double(text).flatMap { $0 >= 0 && $0 <= 1000 ? $0 : nil }
        }
        return BackendSettings(
            server: server,
            chainId: try environment.integer("CHAIN_ID", default: 8453, in: 1...UInt64(Int64.max)),
            indexer: indexer,
            devnet: DevnetSettings(
                seed: try environment.integer("DEVNET_SEED", default: 1, in: 0...UInt64.max),
                swapsPerSecond: swapsPerSecond,
                historyHours: try environment.integer("DEVNET_HISTORY_HOURS", default: 24, in: 0...24 * 90),
                blockSeconds: try environment.integer("DEVNET_BLOCK_SECONDS", default: 2, in: 1...60),
                startTime: try environment.parse("DEVNET_START_TIME", expected: "unix seconds after Base's genesis (1686789347)") { text in
                    Int64(text).flatMap { $0 >= DevnetConfiguration.baseGenesisTimestamp ? $0 : nil }
                }
            ),
            routerURL: try environment.httpURL("ROUTER_URL") ?? "http://127.0.0.1:8080",
            routerTimeout: .milliseconds(try environment.integer("ROUTER_TIMEOUT_MS", default: 2000, in: 10...60_000)),
            quoteCacheTTL: .milliseconds(try environment.integer("QUOTE_CACHE_TTL_MS", default: 2000, in: 0...600_000)),
            internalToken: environment.string("INTERNAL_TOKEN"),
            allowedOrigins: AllowedOrigins.load(from: environment),
            rateLimit: RateLimitSettings(
                perMinute: try environment.integer("RATE_LIMIT_PER_MINUTE", default: 600, in: 0...10_000_000),
                burst: try environment.integer("RATE_LIMIT_BURST", default: 100, in: 1...10_000_000),
                apiKeys: Set((environment.string("API_KEYS") ?? "").split(separator: ",").map { String($0) }),
                trustedProxyHops: try environment.integer("TRUSTED_PROXY_HOPS", default: 0, in: 0...10)
            ),
            databaseURL: environment.string("DATABASE_URL"),
            redisURL: environment.string("REDIS_URL"),
            redisKeyPrefix: environment.string("REDIS_KEY_PREFIX", default: "basebook:"),
            environment: environment
        )
    }
}
