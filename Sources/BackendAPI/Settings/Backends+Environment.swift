import DataLoop
import Logging
import ServiceKit
import ServiceLifecycle

extension BackendServer.Backends {
    /// The seams as the environment asks: PostgreSQL (store and leader election) when
    /// DATABASE_URL is set, Redis (cache, rate limiter, bus) when REDIS_URL is set, each
    /// independently; embedded in-process defaults otherwise. PostgreSQL and Redis share one
    /// data loop thread, stopped after everything that uses it.
    public static func make(for settings: BackendSettings, logger: Logger, schema: PostgresSchema? = nil) async throws -> BackendServer.Backends {
        let environment = settings.environment.values
        let postgres = try PostgresConfiguration.fromEnvironment(environment)
        let redis = try RedisConfiguration.fromEnvironment(environment)
        var backends = BackendServer.Backends.embedded(settings)
        guard postgres != nil || redis != nil else {
            logger.info("using the embedded store, in-process cache, bus and rate limiter (DATABASE_URL and REDIS_URL are not set)")
            return backends
        }
        let loop = try DataLoop()
        var resources = DataLoopResources(loop: loop)
        do {
            if let postgres {
                let pool = try PostgresPool(configuration: postgres, loop: loop)
                resources.pool = pool
                let schema = try schema ?? PostgresSchema()
                backends.store = PostgresMarketStore(pool: pool, schema: schema, chainId: settings.chainId, logger: logger)
                backends.leadership = PostgresLeaderElection(pool: pool, schema: schema, chainId: settings.chainId, logger: logger)
                logger.info("using the PostgreSQL store and advisory-lock leader election", metadata: ["schema": "\(schema.name)"])
            } else {
                logger.info("using the embedded store (DATABASE_URL is not set): this replica ingests alone")
            }
            if let redis {
                let client = try RedisClient(configuration: redis, loop: loop)
                let pubsub = try RedisPubSub(configuration: redis, loop: loop)
                resources.redis = client
                resources.pubsub = pubsub
                backends.cache = RedisResponseCache(client: client)
                backends.limiter = RedisRateLimiter(client: client, perMinute: settings.rateLimit.perMinute, burst: settings.rateLimit.burst)
                backends.bus = RedisEventBus(client: client, pubsub: pubsub, logger: logger)
                logger.info("using the Redis cache, rate limiter and event bus", metadata: ["keyPrefix": "\(redis.keyPrefix.prefix)"])
            } else {
                logger.info("using the in-process cache, bus and rate limiter (REDIS_URL is not set)")
            }
        } catch {
            await resources.close(logger: logger)
            throw error
        }
        backends.services.append(DataLoopLifecycle(resources: resources, logger: logger))
        return backends
    }

    /// `basebook-api migrate`: applies the pending migrations and exits.
    public static func migrate(_ settings: BackendSettings, logger: Logger, schema: PostgresSchema? = nil) async throws {
        guard let configuration = try PostgresConfiguration.fromEnvironment(settings.environment.values) else {
            logger.info("DATABASE_URL is not set: the embedded store has no schema to migrate")
            return
        }
        let loop = try DataLoop()
        let resources = DataLoopResources(loop: loop, pool: try PostgresPool(configuration: configuration, loop: loop))
        do {
            let store = PostgresMarketStore(pool: resources.pool!, schema: try schema ?? PostgresSchema(), chainId: settings.chainId, logger: logger)
            try await store.migrate()
        } catch {
            await resources.close(logger: logger)
            throw error
        }
        await resources.close(logger: logger)
        logger.info("database schema is current")
    }
}

/// The data loop and the clients on it, closed in order: clients first, then the loop.
struct DataLoopResources: Sendable {
    let loop: DataLoop
    var pool: PostgresPool?
    var redis: RedisClient?
    var pubsub: RedisPubSub?

    func close(logger: Logger) async {
        await pubsub?.close()
        await redis?.close()
        await pool?.close()
        do {
            try await loop.shutdown()
        } catch {
            logger.error("the data loop did not stop cleanly", metadata: ["error": "\(error)"])
        }
    }
}

/// Keeps the data loop running until the graceful shutdown reaches it, which is after every
/// service that uses it (it is listed first), then closes it.
struct DataLoopLifecycle: Service {
    let resources: DataLoopResources
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        await resources.close(logger: logger)
    }
}

extension BackendServer {
    /// Every metric the backend exports, with HELP text.
    public static var metricDescriptions: [MetricDescription] {
        BackendMetrics.descriptions + WebSocketMetrics.descriptions
    }
}
