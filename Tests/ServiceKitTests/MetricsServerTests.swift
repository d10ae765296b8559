import CoreMetrics
import Foundation
import Hummingbird
import HummingbirdTesting
import ServiceKit
import Testing

@Suite struct MetricsServerTests {
    static func registry() -> MetricsRegistry {
        MetricsRegistry(descriptions: [
            MetricDescription(name: "jobs_total", help: "Jobs run."),
            MetricDescription(name: "job_duration_seconds", help: "Time per job.", durationBuckets: [.milliseconds(1), .milliseconds(10)]),
        ])
    }

    @Test func metricsAreServedInPrometheusTextWithHelpLines() async throws {
        let metrics = Self.registry()
        CoreMetrics.Counter(label: "jobs_total", dimensions: [("kind", "a")], factory: metrics.factory).increment(by: 2)
        CoreMetrics.Timer(label: "job_duration_seconds", factory: metrics.factory).recordMilliseconds(5)
        CoreMetrics.Gauge(label: "undocumented_gauge", factory: metrics.factory).record(7)
        try await Application(router: MetricsServer.router(registry: metrics)).test(.router) { client in
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == MetricsServer.contentType)
            let text = String(buffer: response.body)
            #expect(text.contains("# HELP jobs_total Jobs run."))
            #expect(text.contains("# TYPE jobs_total counter"))
            #expect(text.contains(#"jobs_total{kind="a"} 2"#))
            #expect(text.contains("# HELP job_duration_seconds Time per job."))
            #expect(text.contains(#"job_duration_seconds_bucket{le="0.01"} 1"#))
            #expect(text.contains("# HELP undocumented_gauge undocumented_gauge"))
            #expect(try await client.execute(uri: "/other", method: .get).status == .notFound)
        }
    }

    /// `promtool check metrics` (Debian's prometheus package) must accept the exposition.
    @Test(.enabled(if: PromTool.path != nil, "promtool not installed (apt-get install prometheus)"))
    func promtoolAcceptsTheExposition() throws {
        let metrics = Self.registry()
        CoreMetrics.Counter(label: "jobs_total", dimensions: [("kind", "a")], factory: metrics.factory).increment()
        CoreMetrics.Timer(label: "job_duration_seconds", factory: metrics.factory).recordMilliseconds(5)
        CoreMetrics.Counter(label: HTTPMetrics.requestsTotal, dimensions: [("method", "GET"), ("route", "/x"), ("status", "200")], factory: metrics.factory).increment()
        let result = try PromTool.check(metrics.exposition())
        #expect(result.status == 0, "\(result.output)")
    }
}

/// Runs `promtool check metrics` on a text, when promtool is installed.
enum PromTool {
    static let path: String? = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func check(_ text: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: printed, as: UTF8.self))
    }
}
