import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Market
import NIOCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `basebook-router serve` as it runs in a pod: starts from a state file on the given ports,
/// answers probes and metrics, logs JSON lines, and exits 0 on SIGTERM.
@Suite(.serialized) struct ServeCommandTests {
    static var executable: URL { SimulateCommandTests.executable }

    /// A port the kernel just handed out, so two test runs do not collide.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func writeStateFile(_ contents: Data) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("basebook-state-\(UUID().uuidString).json")
        try contents.write(to: url)
        return url
    }

    static func launch(_ arguments: [String], environment: [String: String]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for key in ["PORT", "METRICS_PORT", "STATE_FILE", "BACKEND_URL", "LOG_LEVEL"] { env[key] = nil }
        env.merge(environment) { _, new in new }
        process.environment = env
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        return (process, output, error)
    }

    @Test func servesFromAStateFileAndStopsCleanlyOnSIGTERM() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build basebook-router first")
        let stateFile = try Self.writeStateFile(try JSONEncoder().encode(try TestMarket.snapshot()))
        defer { try? FileManager.default.removeItem(at: stateFile) }
        let port = try Self.freePort(), metricsPort = try Self.freePort()
        let (process, output, _) = try Self.launch(["serve", "--state-file", stateFile.path],
                                                   environment: ["PORT": "\(port)", "METRICS_PORT": "\(metricsPort)", "HOST": "127.0.0.1"])
        defer { if process.isRunning { process.terminate() } }

        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            // Wait (bounded) until the server answers its liveness probe.
            let deadline = ContinuousClock.now + .seconds(30)
            var healthy = false
            while !healthy && ContinuousClock.now < deadline && process.isRunning {
                if let response = try? await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(2)) {
                    healthy = response.status == .ok
                } else {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            #expect(healthy)
            let ready = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/ready"), timeout: .seconds(5))
            #expect(ready.status == .ok)
            let graph = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/graph"), timeout: .seconds(5))
            let graphBody = String(buffer: try await graph.body.collect(upTo: 1 << 16))
            #expect(graphBody.contains(#""pools":2"#))
            let metrics = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(metricsPort)/metrics"), timeout: .seconds(5))
            let metricsBody = String(buffer: try await metrics.body.collect(upTo: 1 << 20))
            #expect(metricsBody.contains("# HELP pool_graph_pools "))
            #expect(metricsBody.contains("\npool_graph_pools 2"))
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()

        process.terminate()  // SIGTERM
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)

        let lines = String(decoding: stdout, as: UTF8.self).split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count, "every stdout line is a JSON object")
        let starting = objects.first { $0["msg"] as? String == "basebook-router starting" }
        #expect(starting?["port"] as? String == "\(port)")
        #expect(starting?["metricsPort"] as? String == "\(metricsPort)")
        #expect((starting?["stateSource"] as? String)?.contains(stateFile.path) == true)
        #expect(objects.contains { $0["msg"] as? String == "basebook-router stopped" })
    }

    /// `--backend-url`: ready once the feed's state arrives, follows a change, and still exits 0
    /// on SIGTERM with a long poll open (the sync and the HTTP client shut down in order).
    @Test func followsTheBackendFeedAndStopsCleanly() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build basebook-router first")
        let feed = StateSyncTests.FakeFeed(.init(states: [try TestMarket.snapshot(sequence: 1)], changes: [1: try StateSyncTests.changedDaiPool(sequence: 2)]))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let backend = Application(router: feed.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
                                  logger: Logger(label: "fake-backend", factory: { _ in SwiftLogNoOpLogHandler() }))
        let port = try Self.freePort(), metricsPort = try Self.freePort()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var stdout = Data()
        var exit: (Process.TerminationReason, Int32)?
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await backend.run() }
                defer { group.cancelAll() }
                var iterator = ports.makeAsyncIterator()
                let backendPort = try #require(await iterator.next())
                let (process, output, _) = try Self.launch(["serve", "--backend-url", "http://127.0.0.1:\(backendPort)"],
                                                           environment: ["PORT": "\(port)", "METRICS_PORT": "\(metricsPort)", "HOST": "127.0.0.1",
                                                                         "INTERNAL_TOKEN": "feed-token"])
                defer { if process.isRunning { process.terminate() } }
                let deadline = ContinuousClock.now + .seconds(30)
                var sequence: Int?
                while sequence != 2 && ContinuousClock.now < deadline && process.isRunning {
                    if let response = try? await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/graph"), timeout: .seconds(2)),
                       response.status == .ok,
                       let body = try? await response.body.collect(upTo: 1 << 16),
                       let graph = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] {
                        sequence = graph["sequence"] as? Int
                    }
                    if sequence != 2 { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(sequence == 2)
                let ready = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/ready"), timeout: .seconds(5))
                #expect(ready.status == .ok)
                process.terminate()
                stdout = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                exit = (process.terminationReason, process.terminationStatus)
            }
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
        #expect(exit?.0 == .exit)
        #expect(exit?.1 == 0)
        #expect(feed.log.withLock { $0.authorizations.allSatisfy { $0 == "Bearer feed-token" } })
        let log = String(decoding: stdout, as: UTF8.self)
        #expect(log.contains(#""msg":"loaded market state from the backend""#))
        #expect(log.contains(#""msg":"basebook-router stopped""#))
    }

    @Test func aBadStateFileExitsNonZeroNamingTheProblem() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build basebook-router first")
        let stateFile = try Self.writeStateFile(Data(#"{"chainId":8453,"sequence":1,"tokens":[],"pools":[{"address":"0x12"}]}"#.utf8))
        defer { try? FileManager.default.removeItem(at: stateFile) }
        let (process, _, error) = try Self.launch(["serve", "--state-file", stateFile.path],
                                                  environment: ["PORT": "\(try Self.freePort())", "METRICS_PORT": "\(try Self.freePort())"])
        let stderr = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(stderr.contains("cannot load state file \(stateFile.path)"), "\(stderr)")
        #expect(stderr.contains("pools[0].address"), "\(stderr)")
    }

    @Test func badConfigurationAndAMissingStateSourceAreRefused() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build basebook-router first")
        let (badPort, _, portError) = try Self.launch(["serve", "--state-file", "/nonexistent"], environment: ["PORT": "abc"])
        let portMessage = String(decoding: portError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        badPort.waitUntilExit()
        #expect(badPort.terminationStatus != 0)
        #expect(portMessage.contains(#"PORT must be an integer between 1 and 65535, got "abc""#), "\(portMessage)")

        let (noSource, _, sourceError) = try Self.launch(["serve"], environment: [:])
        let sourceMessage = String(decoding: sourceError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        noSource.waitUntilExit()
        #expect(noSource.terminationStatus != 0)
        #expect(sourceMessage.contains("--state-file"), "\(sourceMessage)")

        let (missing, _, missingError) = try Self.launch(["serve", "--state-file", "/nonexistent/state.json"],
                                                         environment: ["PORT": "\(try Self.freePort())", "METRICS_PORT": "\(try Self.freePort())"])
        let missingMessage = String(decoding: missingError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        missing.waitUntilExit()
        #expect(missing.terminationStatus != 0)
        #expect(missingMessage.contains("/nonexistent/state.json: no such file"), "\(missingMessage)")
    }
}
