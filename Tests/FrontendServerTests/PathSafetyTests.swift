import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import FrontendServer

/// No request reaches a file outside the root: not by `..` in any spelling, not by absolute
/// paths, not through symlinks, and dotfiles stay private.
@Suite struct PathSafetyTests {
    static let traversals = [
        "/../outside-secret.txt",
        "/%2e%2e/outside-secret.txt",
        "/%2E%2E/outside-secret.txt",
        "/..%2foutside-secret.txt",
        "/%2e%2e%2foutside-secret.txt",
        "/docs/../../outside-secret.txt",
        "/docs/%2e%2e/%2e%2e/outside-secret.txt",
        "/.%2e/outside-secret.txt",
        "/..%5coutside-secret.txt",
        "/docs%5c..%5c..%5coutside-secret.txt",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/index.html%00.png",
        "/%zz",
    ]

    @Test(arguments: [TestingSetup.router, .live])
    func encodedDotDotNeverLeavesTheRoot(setup: TestingSetup) async throws {
        try await TestSite.withClient(setup) { _, client in
            for path in Self.traversals {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .badRequest || response.status == .notFound, "\(path): \(response.status)")
                #expect(!response.text.contains(TestSite.secret), "\(path)")
                if response.status == .badRequest {
                    #expect(try response.envelope.error.code == "INVALID_PATH", "\(path)")
                }
            }
        }
    }

    @Test func absolutePathsAreResolvedInsideTheRoot() async throws {
        try await TestSite.withClient(.live) { site, client in
            let outside = site.base.appendingPathComponent("outside-secret.txt").path
            for path in ["/etc/passwd", "//etc/passwd", outside, "/" + outside] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(!response.text.contains(TestSite.secret), "\(path)")
                #expect(!response.text.contains("root:x:0:0"), "\(path)")
            }
        }
    }

    @Test func symlinksOutOfTheRootServeNothing() async throws {
        try await TestSite.withClient { _, client in
            for path in ["/escape.txt", "/escape-dir/outside-secret.txt", "/escape-dir/site/../outside-secret.txt"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .notFound || response.status == .badRequest, "\(path)")
                #expect(!response.text.contains(TestSite.secret), "\(path)")
            }
        }
    }

    @Test func symlinksInsideTheRootAreServed() async throws {
        let site = try TestSite()
        defer { site.remove() }
        try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("alias.txt").path, withDestinationPath: "notes.txt")
        try await site.application().test(.router) { client in
            let response = try await client.execute(uri: "/alias.txt", method: .get)
            #expect(response.text == "0123456789abcdefghij")
        }
    }

    @Test func dotfilesAreHidden() async throws {
        try await TestSite.withClient { _, client in
            for path in ["/.env", "/%2eenv", "/docs/.env", "/.git/config"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .notFound, "\(path)")
                #expect(!response.text.contains("hunter2"), "\(path)")
            }
        }
    }

    @Test func requestPathParsing() {
        #expect(RequestPath("/") == .relative([]))
        #expect(RequestPath("/a//b/") == .relative(["a", "b"]))
        #expect(RequestPath("/a%20b/c%C3%A9.txt") == .relative(["a b", "cé.txt"]))
        #expect(RequestPath("/a/../b") == .forbidden)
        #expect(RequestPath("/a/%2E/b") == .forbidden)
        #expect(RequestPath("/a%2F..%2Fb") == .forbidden)
        #expect(RequestPath("/a%00b") == .forbidden)
        #expect(RequestPath("/%") == .forbidden)
        #expect(RequestPath("/%ff") == .forbidden)  // not UTF-8
        #expect(RequestPath("/.well-known/x") == .hidden)
        // Decoded once: a double-encoded dot-dot is a strange but harmless file name.
        #expect(RequestPath("/%252e%252e/x") == .relative(["%2e%2e", "x"]))
    }
}
