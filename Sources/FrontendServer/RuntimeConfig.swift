import Foundation

/// What the browser app needs to know about its environment, served as `/config.json`, so one
/// image (one set of static files) serves every environment.
public struct RuntimeConfig: Sendable, Equatable, Codable {
    public static let defaultAPIURL = "http://localhost:4000"
    public static let defaultWSURL = "ws://localhost:4001/ws"

    public var apiUrl: String
    public var wsUrl: String
    public var chainId: Int

    public init(apiURL: String = RuntimeConfig.defaultAPIURL, wsURL: String = RuntimeConfig.defaultWSURL, chainId: Int = 8453) {
        self.apiUrl = apiURL
        self.wsUrl = wsURL
        self.chainId = chainId
    }

    /// The `/config.json` body; encoded once at start since it never changes while serving.
    public func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8))
    }

    /// The scheme://host[:port] part of a URL, as CSP source expressions name origins.
    static func origin(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let afterScheme = url[schemeEnd.upperBound...]
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty else { return nil }
        // Credentials never belong in a policy header.
        let hostPort = authority.split(separator: "@").last.map(String.init) ?? String(authority)
        return url[..<schemeEnd.upperBound].lowercased() + hostPort.lowercased()
    }
}
