import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceKit
@testable import FrontendServer

/// A served directory built for one test, beside a file outside it that no request may reach:
///
///     <tmp>/outside-secret.txt
///     <tmp>/site/index.html, app.js (+ app.js.br), app.3f9a2b1c.js, logo.png, notes.txt,
///              .env, docs/guide.txt, escape.txt → ../outside-secret.txt, escape-dir → <tmp>
struct TestSite: Sendable {
    let base: URL
    var root: URL { base.appendingPathComponent("site") }

    static let indexHTML = "<!doctype html><title>BaseBook</title><script type=module src=/app.js></script>" + String(repeating: " <!-- padding -->", count: 40)
    static let appJS = String(repeating: "export const greeting = 'hello basebook';\n", count: 200)
    static let brotliStandIn: [UInt8] = Array("not really brotli, but served as the precompressed .br".utf8)
    static let secret = "TOP-SECRET-OUTSIDE-ROOT"
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 600)

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("frontend-test-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: base.appendingPathComponent("site/docs"), withIntermediateDirectories: true)
        try Data(Self.secret.utf8).write(to: base.appendingPathComponent("outside-secret.txt"))
        try Data(Self.indexHTML.utf8).write(to: root.appendingPathComponent("index.html"))
        try Data(Self.appJS.utf8).write(to: root.appendingPathComponent("app.js"))
        try Data(Self.brotliStandIn).write(to: root.appendingPathComponent("app.js.br"))
        try Data("console.log('fingerprinted')".utf8).write(to: root.appendingPathComponent("app.3f9a2b1c.js"))
        try Data(Self.png).write(to: root.appendingPathComponent("logo.png"))
        try Data("0123456789abcdefghij".utf8).write(to: root.appendingPathComponent("notes.txt"))
        try Data("PASSWORD=hunter2".utf8).write(to: root.appendingPathComponent(".env"))
        try Data("guide".utf8).write(to: root.appendingPathComponent("docs/guide.txt"))
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("escape.txt").path, withDestinationPath: "../outside-secret.txt")
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("escape-dir").path, withDestinationPath: base.path)
    }

    func remove() {
        try? FileManager.default.removeItem(at: base)
    }

    func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent(name))
    }

    static let runtime = RuntimeConfig(apiURL: "https://api.basebook.test", wsURL: "wss://ws.basebook.test/ws", chainId: 84532)

    func application(metrics: MetricsRegistry = MetricsRegistry(), port: Int = 0) throws -> some ApplicationProtocol {
        let settings = FrontendSettings(host: "127.0.0.1", port: port, root: root.path, runtime: Self.runtime)
        return try FrontendServer(settings: settings, metrics: metrics, logger: Logger(label: "test")).makeApplication()
    }

    /// Runs `body` with a client of a fresh server over a fresh site, then deletes the site.
    static func withClient(_ setup: TestingSetup = .router, _ body: @escaping @Sendable (TestSite, any TestClientProtocol) async throws -> Void) async throws {
        let site = try TestSite()
        defer { site.remove() }
        try await site.application().test(setup) { client in
            try await body(site, client)
        }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    var envelope: APIError.Envelope {
        get throws { try JSONDecoder().decode(APIError.Envelope.self, from: Data(body.readableBytesView)) }
    }
}
