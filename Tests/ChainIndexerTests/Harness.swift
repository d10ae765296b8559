import ChainIndexer
import Foundation
import Logging
import Market
import Synchronization
import Testing

/// Wiring shared by the source tests: settings, an in-process client, and running a source
/// until its sink reaches a block (or the source fails).
enum Harness {
    static func settings(confirmations: UInt64 = 3, maxBlockRange: UInt64 = 1000, startBlock: UInt64 = 1,
                         urls: [String] = ["http://node-a"]) -> RPCIndexerSettings {
        RPCIndexerSettings(rpcURLs: urls, factory: TestMarket.factory, startBlock: startBlock, confirmations: confirmations,
                           chainId: TestMarket.chainId, maxBlockRange: maxBlockRange, timeout: .seconds(5), pollInterval: .zero,
                           batchSize: 20, addressesPerQuery: 500)
    }

    static func client(_ transport: any RPCTransport, urls: [String] = ["http://node-a"], maxAttempts: Int = 6,
                       logger: Logger = quiet) -> JSONRPCClient {
        JSONRPCClient(endpoints: urls, transport: transport, retry: .immediate(maxAttempts: maxAttempts), timeout: .seconds(5),
                      maxBatchSize: 20, logger: logger)
    }

    static func source(_ settings: RPCIndexerSettings, _ client: JSONRPCClient, builtin: [Token] = [], knownPools: [Address]? = nil,
                       logger: Logger = quiet) -> RPCEventSource {
        // The poll wait only yields: tests end a run by cancelling it once the sink has what
        // they wait for.
        RPCEventSource(settings: settings, client: client, builtinTokens: builtin, knownPools: knownPools, logger: logger,
                       sleep: { _ in
                           await Task.yield()
                           try Task.checkCancellation()
                       })
    }

    /// Runs `source` until `sink` holds a checkpoint at or past `block`; rethrows the source's error.
    static func index(_ source: RPCEventSource, into sink: RecordingSink, after checkpoint: IndexerCheckpoint? = nil, until block: UInt64) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await source.run(resumingAfter: checkpoint, into: sink) }
            group.addTask {
                while (await sink.checkpoint?.blockNumber ?? 0) < block {
                    try await Task.sleep(for: .milliseconds(2))
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func snapshotJSON(_ state: MarketState) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(state.snapshot()), as: UTF8.self)
    }
}

/// Keeps log lines so a test can check that something was said, and how loudly.
final class LogCapture: Sendable {
    let lines = Mutex<[(level: Logger.Level, message: String)]>([])

    var logger: Logger {
        Logger(label: "capture", factory: { _ in Handler(capture: self) })
    }

    func contains(level: Logger.Level, _ text: String) -> Bool {
        lines.withLock { $0.contains { $0.level == level && $0.message.contains(text) } }
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let extra = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.lines.withLock { $0.append((event.level, "\(event.message) \(extra)")) }
        }
    }
}
