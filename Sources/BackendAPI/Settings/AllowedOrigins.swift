import ServiceKit

/// The web origins whose pages may use the backend (`CORS_ORIGINS`, comma-separated; `*` allows
/// any): REST answers them with CORS headers, and the WebSocket port upgrades only their pages.
/// Only browsers are held to it: they send their page's origin and a page cannot change it,
/// while any other client can send whatever header it likes.
public struct AllowedOrigins: Sendable, Equatable {
    public var origins: [String]

    public init(_ origins: [String]) {
        self.origins = origins
    }

    /// The web app as `make run` serves it.
    public static let localFrontend = AllowedOrigins(["http://localhost:3000", "http://127.0.0.1:3000"])

    public var allowsAny: Bool { origins.contains("*") }

    /// Exact match of scheme, host and port, as browsers send them.
    public func allows(_ origin: String) -> Bool {
        allowsAny || origins.contains(origin)
    }

    /// Whether a WebSocket upgrade carrying `origin` may proceed: a page's origin (http, https,
    /// or the opaque "null" of sandboxed and local pages) must be listed; anything else, such as
    /// the `ws://host` some client libraries send, or no header, is not a browser page.
    public func admitsUpgrade(from origin: String?) -> Bool {
        guard let origin, origin == "null" || origin.hasPrefix("http://") || origin.hasPrefix("https://") else { return true }
        return allows(origin)
    }

    public static func load(from environment: EnvironmentVariables) -> AllowedOrigins {
        guard let text = environment.string("CORS_ORIGINS") else { return .localFrontend }
        return AllowedOrigins(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }
}
