import Foundation
import Hummingbird
import Market
import ServiceKit

/// Reading query parameters and path segments with errors that name them.
struct QueryParameters {
    let request: Request

    init(_ request: Request) {
        self.request = request
    }

    func string(_ name: String) -> String? {
        request.uri.queryParameters[name[...]].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `limit`: 1…100, default 20.
    func limit(default defaultValue: Int = 20, max: Int = 100) throws(APIError) -> Int {
        guard let text = string("limit") else { return defaultValue }
        guard let value = Int(text), value >= 1, value <= max else {
            throw .invalidField("limit", "limit must be an integer from 1 to \(max), got \"\(text.prefix(40))\"")
        }
        return value
    }

    func address(_ name: String) throws(APIError) -> Address? {
        guard let text = string(name) else { return nil }
        guard let address = Address(text) else { throw Self.badAddress(name, text) }
        return address
    }

    func integer(_ name: String, in range: ClosedRange<Int64>) throws(APIError) -> Int64? {
        guard let text = string(name) else { return nil }
        guard let value = Int64(text), range.contains(value) else {
            throw .invalidField(name, "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), got \"\(text.prefix(40))\"")
        }
        return value
    }

    func choice<T: RawRepresentable<String>>(_ name: String, default defaultValue: T, allowed: [T]) throws(APIError) -> T {
        guard let text = string(name) else { return defaultValue }
        guard let value = allowed.first(where: { $0.rawValue == text }) else {
            throw .invalidField(name, "\(name) must be one of \(allowed.map(\.rawValue).joined(separator: ", ")), got \"\(text.prefix(40))\"")
        }
        return value
    }

    static func badAddress(_ name: String, _ text: String) -> APIError {
        .invalidField(name, code: "INVALID_ADDRESS", "\(name) must be a 0x-prefixed 20-byte hex address, got \"\(text.prefix(60))\"")
    }

    /// The `{address}` path parameter.
    static func pathAddress(_ context: some RequestContext, name: String = "address") throws(APIError) -> Address {
        let text = context.parameters.get(name) ?? ""
        guard let address = Address(text) else { throw badAddress(name, text) }
        return address
    }
}

/// Opaque cursors: an offset into a sorted list, or a sequence to continue below.
enum Cursor {
    static func encode(offset: Int) -> String { Data("o:\(offset)".utf8).base64URLEncoded }
    static func encode(before sequence: UInt64) -> String { Data("s:\(sequence)".utf8).base64URLEncoded }

    static func offset(_ parameters: QueryParameters) throws(APIError) -> Int {
        guard let text = parameters.string("cursor") else { return 0 }
        guard let raw = decode(text), raw.hasPrefix("o:"), let offset = Int(raw.dropFirst(2)), offset >= 0 else { throw invalid(text) }
        return offset
    }

    static func before(_ parameters: QueryParameters) throws(APIError) -> UInt64 {
        guard let text = parameters.string("cursor") else { return .max }
        guard let raw = decode(text), raw.hasPrefix("s:"), let sequence = UInt64(raw.dropFirst(2)) else { throw invalid(text) }
        return sequence
    }

    private static func decode(_ text: String) -> String? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).flatMap { String(data: $0, encoding: .utf8) }
    }

    private static func invalid(_ text: String) -> APIError {
        .invalidField("cursor", code: "INVALID_CURSOR", "cursor \"\(text.prefix(60))\" is not one this endpoint issued; use the nextCursor of a previous page")
    }
}

extension Data {
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
