import Foundation
import Hummingbird

/// An error as every BaseBook service answers it:
/// `{"error":{"code":"NO_ROUTE","message":"…","details":{…}}}` with an HTTP status.
/// Client mistakes are 4xx and name the field in `details.field`.
public struct APIError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var details: [String: String]

    public init(status: HTTPResponse.Status, code: String, message: String, details: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    /// 400 for one bad request field.
    public static func invalidField(_ field: String, code: String = "INVALID_PARAMETER", _ message: String) -> APIError {
        APIError(status: .badRequest, code: code, message: message, details: ["field": field])
    }

    public static func notFound(path: String) -> APIError {
        APIError(status: .notFound, code: "NOT_FOUND", message: "no endpoint at \(path)", details: ["path": path])
    }

    public static func payloadTooLarge(limit: Int) -> APIError {
        APIError(status: .contentTooLarge, code: "PAYLOAD_TOO_LARGE",
                 message: "request body exceeds \(limit) bytes", details: ["limitBytes": String(limit)])
    }

    public static let internalError = APIError(status: .internalServerError, code: "INTERNAL",
                                               message: "internal error; the server log has the details")
}

/// Domain errors adopt this (in the service module, so the domain stays framework-free) to
/// choose their own status, code and details.
public protocol APIErrorConvertible: Error {
    var apiError: APIError { get }
}

extension APIError: APIErrorConvertible {
    public var apiError: APIError { self }
}

extension APIError {
    /// The envelope for any error a handler throws. Errors that are not known to be the
    /// client's fault become a 500 that leaks nothing.
    public init(from error: any Error, path: String) {
        switch error {
        case let convertible as any APIErrorConvertible:
            self = convertible.apiError
        case let decoding as DecodingError:
            let field = DecodingErrorDescription.fieldPath(decoding)
            self = .invalidField(field, code: "INVALID_REQUEST", DecodingErrorDescription.message(decoding))
        case let http as any HTTPResponseError:
            self = Self.fromHTTPStatus(http.status, body: (http as? HTTPError)?.body, path: path)
        default:
            self = .internalError
        }
    }

    static func fromHTTPStatus(_ status: HTTPResponse.Status, body: String?, path: String) -> APIError {
        switch status {
        case .notFound: return .notFound(path: path)
        case .contentTooLarge:
            return APIError(status: status, code: "PAYLOAD_TOO_LARGE", message: body ?? "request body too large")
        case .methodNotAllowed:
            return APIError(status: status, code: "METHOD_NOT_ALLOWED", message: body ?? "method not allowed on \(path)")
        case .badRequest:
            return APIError(status: status, code: "BAD_REQUEST", message: body ?? "malformed request")
        default:
            let code = status.reasonPhrase.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
            return APIError(status: status, code: String(code), message: body ?? status.reasonPhrase)
        }
    }
}

extension APIError: HTTPResponseError {
    /// Rendered the same whether the error middleware catches it or Hummingbird does.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        envelopeResponse()
    }

    public func envelopeResponse() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: envelopeJSON())))
    }

    /// `{"error":{"code":…,"message":…,"details":{…}}}`; `details` is always an object.
    public func envelopeJSON() -> [UInt8] {
        let body = envelope
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(body)) ?? Data(#"{"error":{"code":"INTERNAL","message":"unencodable error","details":{}}}"#.utf8))
    }

    public var envelope: Envelope {
        Envelope(error: .init(code: code, message: message, details: details))
    }

    /// The envelope's shape, for encoding here and decoding in clients and tests.
    public struct Envelope: Codable, Sendable, Equatable {
        public struct Body: Codable, Sendable, Equatable {
            public var code: String
            public var message: String
            public var details: [String: String]

            public init(code: String, message: String, details: [String: String]) {
                self.code = code
                self.message = message
                self.details = details
            }
        }

        public var error: Body

        public init(error: Body) {
            self.error = error
        }
    }
}
