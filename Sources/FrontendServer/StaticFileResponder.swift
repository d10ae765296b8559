import Hummingbird
import NIOCore
import ServiceKit

/// Turns a request for a static file into a response: picks the representation by
/// `Accept-Encoding`, answers conditional requests with 304 and range requests with 206/416,
/// and leaves the body off for HEAD.
enum StaticFileResponder {
    static func response(for request: Request, file: StaticFile) -> Response {
        let rangeHeader = request.headers[.range]
        // Ranges address the identity bytes: a resumed download must not get gzip offsets.
        let representation = rangeHeader == nil ? negotiated(file, acceptEncoding: request.headers[.acceptEncoding]) : file.identity
        var headers = representation.headers

        if let ifNoneMatch = request.headers[values: .ifNoneMatch].joinedIfAny(), EntityTag.noneMatchHits(ifNoneMatch, tags: file.allTags) {
            headers[.contentType] = nil
            headers[.contentEncoding] = nil
            headers[.contentLength] = nil
            return Response(status: .notModified, headers: headers, body: .init())
        }

        var range = ByteRange(header: rangeHeader, size: representation.body.readableBytes)
        if let ifRange = request.headers[.ifRange], ifRange != file.identity.eTag { range = .whole }
        let isHead = request.method == .head
        let size = representation.body.readableBytes

        switch range {
        case .whole:
            headers[.contentLength] = String(size)
            return Response(status: .ok, headers: headers, body: isHead ? .init() : .init(byteBuffer: representation.body))
        case .partial(let bounds):
            headers[.contentRange] = "bytes \(bounds.lowerBound)-\(bounds.upperBound)/\(size)"
            headers[.contentLength] = String(bounds.count)
            let slice = representation.body.getSlice(at: representation.body.readerIndex + bounds.lowerBound, length: bounds.count) ?? ByteBuffer()
            return Response(status: .partialContent, headers: headers, body: isHead ? .init() : .init(byteBuffer: slice))
        case .unsatisfiable:
            var failure = APIError(status: .rangeNotSatisfiable, code: "RANGE_NOT_SATISFIABLE",
                                   message: "the range lies outside the file's \(size) bytes", details: ["range": rangeHeader ?? ""])
                .envelopeResponse()
            failure.headers[.contentRange] = "bytes */\(size)"
            return failure
        }
    }

    static func negotiated(_ file: StaticFile, acceptEncoding: String?) -> StaticFile.Representation {
        guard file.gzip != nil || file.brotli != nil, let acceptEncoding else { return file.identity }
        let accepted = AcceptEncoding(acceptEncoding)
        if let brotli = file.brotli, accepted.accepts("br") { return brotli }
        if let gzip = file.gzip, accepted.accepts("gzip") { return gzip }
        return file.identity
    }
}

extension Array where Element == String {
    /// Several header lines of one field mean the same as one line joined with commas.
    func joinedIfAny() -> String? {
        isEmpty ? nil : joined(separator: ",")
    }
}
