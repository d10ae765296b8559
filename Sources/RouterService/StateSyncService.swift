import AsyncHTTPClient
import Foundation
import Logging
import Market
import NIOCore
import ServiceKit
import ServiceLifecycle

/// Follows the backend's state feed: the full snapshot from `/internal/v1/state`, then change
/// sets from the long-polling `/internal/v1/state/changes?after=SEQ`, each applied to the graph
/// as it arrives. Failures are retried with backoff; a 410 (the backend no longer has the
/// changes after SEQ) or a sequence going backwards (the backend restarted with new state)
/// makes it start over from the full snapshot. Stops at graceful shutdown.
public final class StateSyncService: Service, Sendable {
    public struct Settings: Sendable {
        public var baseURL: String
        public var token: String?
        /// The full snapshot can be large: allow it time and bytes.
        public var stateTimeout: Duration
        /// Above the backend's ~25 s long poll, so an idle poll ends with an empty answer, not a timeout.
        public var pollTimeout: Duration
        public var maxBodyBytes: Int
        public var backoff: Backoff

        public init(baseURL: String, token: String? = nil, stateTimeout: Duration = .seconds(60), pollTimeout: Duration = .seconds(35),
                    maxBodyBytes: Int = 512 * 1024 * 1024, backoff: Backoff = Backoff()) {
            self.baseURL = baseURL
            self.token = token
            self.stateTimeout = stateTimeout
            self.pollTimeout = pollTimeout
            self.maxBodyBytes = maxBodyBytes
            self.backoff = backoff
        }
    }

    let client: HTTPClient
    let settings: Settings
    let state: RouterState
    let logger: Logger

    public init(client: HTTPClient, settings: Settings, state: RouterState, logger: Logger) {
        self.client = client
        self.settings = settings
        self.state = state
        self.logger = logger
    }

    public func run() async throws {
        // The long poll may be mid-wait: cancel it rather than wait up to 25 s at shutdown.
        await cancelWhenGracefulShutdown {
            await self.syncLoop()
        }
    }

    func syncLoop() async {
        /// Nil until a full snapshot is loaded, and again whenever one is needed.
        var sequence: UInt64?
        var failures = 0
        while !Task.isCancelled {
            do {
                if let current = sequence {
                    sequence = try await pollChanges(after: current)
                } else {
                    let snapshot = try await fetch(path: "/internal/v1/state", timeout: settings.stateTimeout)
                    guard let snapshot else { throw SyncError.unexpected("the backend answered 410 to the full state request") }
                    state.load(snapshot)
                    sequence = snapshot.sequence
                    logger.info("loaded market state from the backend", metadata: [
                        "sequence": "\(snapshot.sequence)", "pools": "\(snapshot.pools.count)", "tokens": "\(snapshot.tokens.count)",
                    ])
                }
                failures = 0
            } catch {
                if Task.isCancelled { return }
                failures += 1
                let delay = settings.backoff.delay(attempt: failures)
                logger.warning("state sync failed; retrying", metadata: [
                    "error": "\(error)", "attempt": "\(failures)", "retryInMs": "\(Int(delay / .milliseconds(1)))",
                    "backend": "\(settings.baseURL)",
                ])
                do { try await Task.sleep(for: delay) } catch { return }
            }
        }
    }

    /// One long poll. Returns the sequence to poll after next, or nil to refetch everything.
    func pollChanges(after current: UInt64) async throws -> UInt64? {
        guard let changes = try await fetch(path: "/internal/v1/state/changes?after=\(current)", timeout: settings.pollTimeout) else {
            logger.info("the backend no longer has changes after our sequence (410); refetching the full state", metadata: ["sequence": "\(current)"])
            return nil
        }
        if changes.sequence < current {
            logger.warning("the backend's sequence went backwards; refetching the full state", metadata: [
                "sequence": "\(current)", "backendSequence": "\(changes.sequence)",
            ])
            return nil
        }
        state.apply(changes)
        if !changes.pools.isEmpty {
            logger.debug("applied state changes", metadata: ["sequence": "\(changes.sequence)", "pools": "\(changes.pools.count)"])
        }
        return max(current, changes.sequence)
    }

    /// GETs a snapshot-shaped document; nil when the backend answers 410 Gone.
    func fetch(path: String, timeout: Duration) async throws -> MarketSnapshot? {
        var request = HTTPClientRequest(url: settings.baseURL + path)
        request.headers.add(name: "Accept", value: "application/json")
        if let token = settings.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout / .nanoseconds(1))))
        switch response.status.code {
        case 200:
            let body = try await response.body.collect(upTo: settings.maxBodyBytes)
            do {
                return try JSONDecoder().decode(MarketSnapshot.self, from: Data(body.readableBytesView))
            } catch let error as DecodingError {
                throw SyncError.unexpected("\(path) answered an invalid snapshot: \(DecodingErrorDescription.message(error, root: "snapshot"))")
            }
        case 410:
            return nil
        case 401, 403:
            throw SyncError.unexpected("\(path) answered \(response.status.code): set INTERNAL_TOKEN to the backend's internal token")
        default:
            let body = try? await response.body.collect(upTo: 2048)
            let excerpt = body.map { String(buffer: $0) } ?? ""
            throw SyncError.unexpected("\(path) answered \(response.status.code) \(excerpt.prefix(200))")
        }
    }

    enum SyncError: Error, CustomStringConvertible {
        case unexpected(String)
        var description: String {
            switch self { case .unexpected(let message): message }
        }
    }
}

/// Owns an HTTPClient's lifetime inside the ServiceGroup: shuts it down once the group stops.
/// Listed before the services using the client, so it is shut down after them.
public struct HTTPClientService: Service {
    public let client: HTTPClient

    public init(client: HTTPClient) {
        self.client = client
    }

    public func run() async throws {
        // Returns at graceful shutdown, or throws CancellationError when the group is cancelled:
        // either way the client is closed.
        try? await gracefulShutdown()
        try await client.shutdown()
    }

    /// A client for long-lived backend connections: kept alive between polls, bounded connect time.
    public static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5), read: nil)
        configuration.connectionPool = .init(idleTimeout: .seconds(90))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
