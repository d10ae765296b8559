import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import FrontendServer

/// Files as served: types, validators, caching, compression, ranges, HEAD and the SPA fallback.
@Suite struct StaticFileTests {
    @Test func servesFilesWithTheirContentType() async throws {
        try await TestSite.withClient { _, client in
            let index = try await client.execute(uri: "/", method: .get)
            #expect(index.status == .ok)
            #expect(index.headers[.contentType] == "text/html; charset=utf-8")
            #expect(index.text == TestSite.indexHTML)

            let js = try await client.execute(uri: "/app.js", method: .get)
            #expect(js.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(js.text == TestSite.appJS)

            let png = try await client.execute(uri: "/logo.png", method: .get)
            #expect(png.headers[.contentType] == "image/png")
            #expect(Array(png.body.readableBytesView) == TestSite.png)

            let nested = try await client.execute(uri: "/docs/guide.txt", method: .get)
            #expect(nested.text == "guide")
            #expect(nested.headers[.contentType] == "text/plain; charset=utf-8")
        }
    }

    @Test func strongETagsAnswerConditionalRequestsWith304() async throws {
        try await TestSite.withClient { _, client in
            let first = try await client.execute(uri: "/app.js", method: .get)
            let tag = try #require(first.headers[.eTag])
            #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && !tag.hasPrefix("W/"))

            let again = try await client.execute(uri: "/app.js", method: .get)
            #expect(again.headers[.eTag] == tag)  // from the bytes: stable across requests

            let notModified = try await client.execute(uri: "/app.js", method: .get, headers: [.ifNoneMatch: tag])
            #expect(notModified.status == .notModified)
            #expect(notModified.body.readableBytes == 0)
            #expect(notModified.headers[.eTag] == tag)
            #expect(notModified.headers[.cacheControl] == "no-cache")

            let listed = try await client.execute(uri: "/app.js", method: .get, headers: [.ifNoneMatch: "\"other\", W/\(tag)"])
            #expect(listed.status == .notModified)

            let stale = try await client.execute(uri: "/app.js", method: .get, headers: [.ifNoneMatch: "\"0-0\""])
            #expect(stale.status == .ok)
            #expect(stale.text == TestSite.appJS)
        }
    }

    @Test func aChangedFileGetsANewETagWithoutARestart() async throws {
        try await TestSite.withClient { site, client in
            let before = try await client.execute(uri: "/notes.txt", method: .get)
            try site.write("rewritten notes, longer than before", to: "notes.txt")
            let after = try await client.execute(uri: "/notes.txt", method: .get)
            #expect(after.text == "rewritten notes, longer than before")
            #expect(after.headers[.eTag] != before.headers[.eTag])
            let conditional = try await client.execute(uri: "/notes.txt", method: .get, headers: [.ifNoneMatch: before.headers[.eTag]!])
            #expect(conditional.status == .ok)
        }
    }

    @Test func fingerprintedAssetsAreImmutableAndTheRestRevalidates() async throws {
        try await TestSite.withClient { _, client in
            let hashed = try await client.execute(uri: "/app.3f9a2b1c.js", method: .get)
            #expect(hashed.headers[.cacheControl] == "public, max-age=31536000, immutable")
            for path in ["/", "/index.html", "/app.js", "/pools/0xabc"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.headers[.cacheControl] == "no-cache", "\(path)")
            }
        }
    }

    @Test func gzipIsNegotiatedAndDecompressesToTheFile() async throws {
        try await TestSite.withClient { _, client in
            let plain = try await client.execute(uri: "/app.js", method: .get)
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(plain.headers[.vary] == "Accept-Encoding")

            let gzipped = try await client.execute(uri: "/app.js", method: .get, headers: [.acceptEncoding: "gzip, deflate"])
            #expect(gzipped.headers[.contentEncoding] == "gzip")
            #expect(gzipped.headers[.vary] == "Accept-Encoding")
            #expect(gzipped.body.readableBytes < TestSite.appJS.utf8.count)
            #expect(gzipped.headers[.contentLength] == String(gzipped.body.readableBytes))
            let inflated = try #require(Gzip.decompress(Array(gzipped.body.readableBytesView)))
            #expect(String(decoding: inflated, as: UTF8.self) == TestSite.appJS)
            // Different bytes, different representation, different tag — and it validates too.
            let tag = try #require(gzipped.headers[.eTag])
            #expect(tag != plain.headers[.eTag])
            let revalidated = try await client.execute(uri: "/app.js", method: .get, headers: [.acceptEncoding: "gzip", .ifNoneMatch: tag])
            #expect(revalidated.status == .notModified)

            let refused = try await client.execute(uri: "/app.js", method: .get, headers: [.acceptEncoding: "gzip;q=0, identity"])
            #expect(refused.headers[.contentEncoding] == nil)
            let wildcard = try await client.execute(uri: "/app.js", method: .get, headers: [.acceptEncoding: "*"])
            #expect(wildcard.headers[.contentEncoding] != nil)
        }
    }

    @Test func brotliOnlyFromAPrecompressedFile() async throws {
        try await TestSite.withClient { _, client in
            let brotli = try await client.execute(uri: "/app.js", method: .get, headers: [.acceptEncoding: "gzip, br"])
            #expect(brotli.headers[.contentEncoding] == "br")
            #expect(Array(brotli.body.readableBytesView) == TestSite.brotliStandIn)
            #expect(brotli.headers[.contentType] == "text/javascript; charset=utf-8")

            // index.html has no .br next to it: gzip it is.
            let index = try await client.execute(uri: "/", method: .get, headers: [.acceptEncoding: "br, gzip"])
            #expect(index.headers[.contentEncoding] == "gzip")
        }
    }

    @Test func incompressibleTypesAreSentAsTheyAre() async throws {
        try await TestSite.withClient { _, client in
            let png = try await client.execute(uri: "/logo.png", method: .get, headers: [.acceptEncoding: "gzip, br"])
            #expect(png.headers[.contentEncoding] == nil)
            #expect(png.headers[.vary] == nil)
        }
    }

    @Test func headSendsTheHeadersWithoutTheBody() async throws {
        try await TestSite.withClient(.live) { _, client in
            let get = try await client.execute(uri: "/app.js", method: .get)
            let head = try await client.execute(uri: "/app.js", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == String(TestSite.appJS.utf8.count))
            #expect(head.headers[.eTag] == get.headers[.eTag])
            #expect(head.headers[.contentType] == get.headers[.contentType])
        }
    }

    @Test func rangeRequestsGetPartialContent() async throws {
        try await TestSite.withClient { _, client in
            let middle = try await client.execute(uri: "/notes.txt", method: .get, headers: [.range: "bytes=2-5"])
            #expect(middle.status == .partialContent)
            #expect(middle.text == "2345")
            #expect(middle.headers[.contentRange] == "bytes 2-5/20")
            #expect(middle.headers[.contentLength] == "4")

            let suffix = try await client.execute(uri: "/notes.txt", method: .get, headers: [.range: "bytes=-3"])
            #expect(suffix.text == "hij")
            let open = try await client.execute(uri: "/notes.txt", method: .get, headers: [.range: "bytes=18-"])
            #expect(open.text == "ij")
            let clipped = try await client.execute(uri: "/notes.txt", method: .get, headers: [.range: "bytes=15-99"])
            #expect(clipped.text == "fghij")
            #expect(clipped.headers[.contentRange] == "bytes 15-19/20")

            let outside = try await client.execute(uri: "/notes.txt", method: .get, headers: [.range: "bytes=20-30"])
            #expect(outside.status == .rangeNotSatisfiable)
            #expect(outside.headers[.contentRange] == "bytes */20")
            #expect(try outside.envelope.error.code == "RANGE_NOT_SATISFIABLE")

            // Ranges are over the identity bytes even when the client accepts gzip.
            let gzipRange = try await client.execute(uri: "/app.js", method: .get, headers: [.range: "bytes=0-5", .acceptEncoding: "gzip"])
            #expect(gzipRange.status == .partialContent)
            #expect(gzipRange.headers[.contentEncoding] == nil)
            #expect(gzipRange.text == "export")

            let multi = try await client.execute(uri: "/notes.txt", method: .get, headers: [.range: "bytes=0-1,4-5"])
            #expect(multi.status == .ok)
            let garbage = try await client.execute(uri: "/notes.txt", method: .get, headers: [.range: "lines=1-2"])
            #expect(garbage.status == .ok)
        }
    }

    @Test func ifRangeWithAStaleTagServesTheWholeFile() async throws {
        try await TestSite.withClient { _, client in
            let full = try await client.execute(uri: "/notes.txt", method: .get)
            let tag = try #require(full.headers[.eTag])
            let current = try await client.execute(uri: "/notes.txt", method: .get, headers: [.range: "bytes=0-1", .ifRange: tag])
            #expect(current.status == .partialContent)
            let stale = try await client.execute(uri: "/notes.txt", method: .get, headers: [.range: "bytes=0-1", .ifRange: "\"stale\""])
            #expect(stale.status == .ok)
            #expect(stale.text == "0123456789abcdefghij")
        }
    }

    @Test func unknownAppRoutesGetIndexAndMissingAssetsA404() async throws {
        try await TestSite.withClient { _, client in
            for path in ["/pools", "/pools/0x4200000000000000000000000000000000000006", "/overview/", "/docs"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok, "\(path)")
                #expect(response.text == TestSite.indexHTML, "\(path)")
                #expect(response.headers[.cacheControl] == "no-cache")
            }
            for path in ["/missing.js", "/img/logo.svg", "/docs/missing.txt"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .notFound, "\(path)")
                #expect(try response.envelope.error.code == "NOT_FOUND")
            }
        }
    }

    @Test func otherMethodsAreNotServed() async throws {
        try await TestSite.withClient { _, client in
            let post = try await client.execute(uri: "/index.html", method: .post, body: ByteBuffer(string: "x"))
            #expect(post.status.code >= 400)
            #expect(!post.text.contains("<!doctype"))
        }
    }
}
