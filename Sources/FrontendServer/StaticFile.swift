import Hummingbird
import NIOCore

/// One file as served: its bytes, and the compressed forms worth sending, each with its own
/// strong ETag (RFC 9110: different encodings are different representations) and the response
/// headers that do not depend on the request.
struct StaticFile: Sendable {
    struct Representation: Sendable {
        var body: ByteBuffer
        var eTag: String
        /// Content-Type, ETag, Cache-Control, Vary, Content-Encoding, Accept-Ranges.
        var headers: HTTPFields
    }

    let stamp: FileStamp
    let identity: Representation
    let gzip: Representation?
    let brotli: Representation?

    /// Below this size compression saves less than its headers and CPU cost.
    static let minimumCompressibleBytes = 256

    init(path: String, stamp: FileStamp, bytes: [UInt8], brotliBytes: [UInt8]?) {
        let media = MediaTypes.entry(forPath: path)
        let cacheControl = CachePolicy.cacheControl(forPath: path)
        let identityTag = EntityTag.of(bytes)
        self.stamp = stamp

        func representation(_ body: ByteBuffer, eTag: String, encoding: String?) -> Representation {
            var headers = HTTPFields()
            headers[.contentType] = media.contentType
            headers[.eTag] = eTag
            headers[.cacheControl] = cacheControl
            if media.compressible { headers[.vary] = "Accept-Encoding" }
            if let encoding { headers[.contentEncoding] = encoding }
            headers[.acceptRanges] = "bytes"
            return Representation(body: body, eTag: eTag, headers: headers)
        }

        identity = representation(ByteBuffer(bytes: bytes), eTag: identityTag, encoding: nil)
        let suffixBase = identityTag.dropLast()  // the tag without its closing quote
        if media.compressible, bytes.count >= Self.minimumCompressibleBytes, let compressed = Self.gzipped(bytes), compressed.readableBytes < bytes.count {
            gzip = representation(compressed, eTag: suffixBase + "-gzip\"", encoding: "gzip")
        } else {
            gzip = nil
        }
        if media.compressible, let brotliBytes {
            brotli = representation(ByteBuffer(bytes: brotliBytes), eTag: suffixBase + "-br\"", encoding: "br")
        } else {
            brotli = nil
        }
    }

    var allTags: [String] {
        [identity.eTag] + [gzip?.eTag, brotli?.eTag].compactMap { $0 }
    }

    var memoryBytes: Int {
        identity.body.readableBytes + (gzip?.body.readableBytes ?? 0) + (brotli?.body.readableBytes ?? 0)
    }

    static func gzipped(_ bytes: [UInt8]) -> ByteBuffer? {
        Gzip.compress(bytes).map { ByteBuffer(bytes: $0) }
    }
}
