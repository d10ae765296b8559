// ws-fanout-server: the backend's WebSocket server fed by a synthetic "swaps" stream whose
// event data carries the wall-clock instant the feed emitted it, so a client on the same
// machine can measure delivery latency. Configured like the backend (WS_* variables) plus
// FANOUT_RATE (events per second, default 20) and FANOUT_PADDING_BYTES (default 400, about
// the size of a real Swap).
import BackendAPI
import Logging
import ServiceKit
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct StampedSwapFeed: ChannelFeed {
    let rate: Int
    let padding: String

    func updates() -> AsyncStream<[ChannelEvent]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [ChannelEvent].self)
        let producer = Task {
            let clock = ContinuousClock()
            let period = Duration.seconds(1) / rate
            var next = clock.now
            var seq: UInt64 = 0
            while !Task.isCancelled {
                next += period
                try? await Task.sleep(until: next, clock: clock)
                seq += 1
                let json = #"{"sequence":\#(seq),"emittedAtNs":\#(Self.wallClockNanoseconds()),"pad":"\#(padding)"}"#
                continuation.yield([ChannelEvent(channel: "swaps", seq: seq, data: Array(json.utf8))])
            }
        }
        continuation.onTermination = { _ in producer.cancel() }
        return stream
    }

    func initialEvent(for channel: String) async -> ChannelEvent? { nil }

    func rejectionReason(for channel: String) -> String? {
        channel == "swaps" ? nil : "this benchmark server only streams swaps"
    }

    static func wallClockNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}

let environment = EnvironmentVariables.process
ServiceLogging.bootstrap(level: .info)
let logger = Logger(label: "ws-fanout-server")
do {
    let settings = try WebSocketSettings.load(from: environment)
    let rate = try environment.integer("FANOUT_RATE", default: 20, in: 1...100_000)
    let padding = try environment.integer("FANOUT_PADDING_BYTES", default: 400, in: 0...1_000_000)
    let metrics = MetricsRegistry(descriptions: WebSocketMetrics.descriptions)
    let server = WebSocketServer(settings: settings, feed: StampedSwapFeed(rate: rate, padding: String(repeating: "x", count: padding)),
                                 metricsFactory: metrics.factory, logger: logger)
    try await ServiceRunner.run([server], logger: logger)
    let stats = server.statistics
    logger.info("ws-fanout-server stopped", metadata: ["slowClientDisconnects": "\(stats.slowClientDisconnects)"])
} catch {
    logger.critical("ws-fanout-server failed", metadata: ["error": "\(error)"])
    exit(1)
}
