/// The parts of a `postgres://` or `redis://` URL:
/// `scheme://[user[:password]@]host[:port][/path][?query]`, percent-decoded.
/// Only what the clients need; IPv6 hosts go in brackets (`[::1]`).
public struct ServiceURL: Sendable, Equatable {
    public var scheme: String
    public var user: String?
    public var password: String?
    public var host: String
    public var port: Int?
    /// The path without its leading slash: the database name, or Redis' database number.
    public var path: String
    public var query: [(String, String)] {
        get { queryItems.map { ($0.name, $0.value) } }
        set { queryItems = newValue.map { QueryItem(name: $0.0, value: $0.1) } }
    }
    private var queryItems: [QueryItem]

    private struct QueryItem: Sendable, Equatable {
        var name: String
        var value: String
    }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public init(parsing text: String) throws {
        guard let schemeEnd = text.firstRange(of: "://") else {
            throw ParseError(message: "not a URL (expected scheme://host)")
        }
        scheme = text[..<schemeEnd.lowerBound].lowercased()
        var rest = Substring(text[schemeEnd.upperBound...])

        var queryText: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            queryText = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var pathText: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            pathText = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        // The last "@" separates credentials: a password may itself contain an unescaped "@".
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = try Self.decode(credentials[..<colon])
                password = try Self.decode(credentials[credentials.index(after: colon)...])
            } else {
                user = try Self.decode(credentials)
            }
            if user == "" { user = nil }
        }
        var hostText = rest
        var portText: Substring?
        if hostText.hasPrefix("[") {
            guard let close = hostText.firstIndex(of: "]") else {
                throw ParseError(message: "unterminated IPv6 address")
            }
            let after = hostText[hostText.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw ParseError(message: "unexpected text after the IPv6 address")
            }
            hostText = hostText[hostText.index(after: hostText.startIndex)..<close]
        } else if let colon = hostText.lastIndex(of: ":") {
            portText = hostText[hostText.index(after: colon)...]
            hostText = hostText[..<colon]
        }
        host = try Self.decode(hostText)
        if let portText {
            guard let value = Int(portText), (1...65_535).contains(value) else {
                throw ParseError(message: "invalid port '\(portText)'")
            }
            port = value
        }
        path = try Self.decode(pathText)
        queryItems = try queryText.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return QueryItem(name: try Self.decode(parts[0]), value: parts.count > 1 ? try Self.decode(parts[1]) : "")
        }
    }

    public static func == (lhs: ServiceURL, rhs: ServiceURL) -> Bool {
        lhs.scheme == rhs.scheme && lhs.user == rhs.user && lhs.password == rhs.password
            && lhs.host == rhs.host && lhs.port == rhs.port && lhs.path == rhs.path && lhs.queryItems == rhs.queryItems
    }

    static func decode(_ text: Substring) throws -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw ParseError(message: "invalid percent-encoding in '\(text)'")
            }
            bytes.append(high << 4 | low)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
