import Testing
@testable import FrontendServer

@Suite struct HeaderParsingTests {
    @Test func byteRanges() {
        #expect(ByteRange(header: nil, size: 10) == .whole)
        #expect(ByteRange(header: "bytes=0-0", size: 10) == .partial(0...0))
        #expect(ByteRange(header: "bytes=3-", size: 10) == .partial(3...9))
        #expect(ByteRange(header: "bytes=-4", size: 10) == .partial(6...9))
        #expect(ByteRange(header: "bytes=-40", size: 10) == .partial(0...9))
        #expect(ByteRange(header: "bytes=5-100", size: 10) == .partial(5...9))
        #expect(ByteRange(header: "bytes=10-", size: 10) == .unsatisfiable)
        #expect(ByteRange(header: "bytes=-0", size: 10) == .unsatisfiable)
        #expect(ByteRange(header: "bytes=5-2", size: 10) == .whole)
        #expect(ByteRange(header: "bytes=a-b", size: 10) == .whole)
        #expect(ByteRange(header: "bytes=0-1,3-4", size: 10) == .whole)
        #expect(ByteRange(header: "items=0-1", size: 10) == .whole)
    }

    @Test func acceptEncoding() {
        #expect(!AcceptEncoding(nil).accepts("gzip"))
        #expect(AcceptEncoding("gzip, deflate, br").accepts("br"))
        #expect(AcceptEncoding("GZIP;q=0.5").accepts("gzip"))
        #expect(!AcceptEncoding("gzip;q=0").accepts("gzip"))
        #expect(!AcceptEncoding("gzip; q=0.0, br").accepts("gzip"))
        #expect(AcceptEncoding("*").accepts("br"))
        #expect(!AcceptEncoding("*, br;q=0").accepts("br"))
        #expect(!AcceptEncoding("identity").accepts("gzip"))
    }

    @Test func fingerprints() {
        #expect(CachePolicy.isFingerprinted("/app.3f9a2b1c.js"))
        #expect(CachePolicy.isFingerprinted("/assets/chunk-a.0123456789abcdef.css"))
        #expect(!CachePolicy.isFingerprinted("/app.js"))
        #expect(!CachePolicy.isFingerprinted("/3f9a2b1c.js"))       // the stem, not a fingerprint segment
        #expect(!CachePolicy.isFingerprinted("/app.3f9a2b1.js"))    // 7 digits
        #expect(!CachePolicy.isFingerprinted("/app.deadbeefzz.js"))
        #expect(!CachePolicy.isFingerprinted("/v3f9a2b1c3/app.js")) // only the file name counts
    }

    @Test func entityTagComparison() {
        let tag = EntityTag.of(Array("hello".utf8))
        #expect(tag == EntityTag.of(Array("hello".utf8)))
        #expect(tag != EntityTag.of(Array("hellp".utf8)))
        #expect(EntityTag.noneMatchHits("*", tags: [tag]))
        #expect(EntityTag.noneMatchHits("\"x\", W/\(tag)", tags: [tag]))
        #expect(!EntityTag.noneMatchHits("\"x\"", tags: [tag]))
    }

    @Test func mediaTypes() {
        #expect(MediaTypes.entry(forPath: "/a/b.JS").contentType == "text/javascript; charset=utf-8")
        #expect(MediaTypes.entry(forPath: "/favicon.svg").contentType == "image/svg+xml")
        #expect(MediaTypes.entry(forPath: "/x.unknownext").contentType == "application/octet-stream")
        #expect(MediaTypes.fileExtension(of: "/pools/0xabc") == nil)
        #expect(MediaTypes.fileExtension(of: "/.env") == nil)
        #expect(MediaTypes.fileExtension(of: "/a.b/c") == nil)
    }
}
