/// Content-Type by file extension, and whether compressing that type pays off.
enum MediaTypes {
    struct Entry {
        var contentType: String
        var compressible: Bool
    }

    static let fallback = Entry(contentType: "application/octet-stream", compressible: false)

    static let byExtension: [String: Entry] = [
        "html": .init(contentType: "text/html; charset=utf-8", compressible: true),
        "htm": .init(contentType: "text/html; charset=utf-8", compressible: true),
        "css": .init(contentType: "text/css; charset=utf-8", compressible: true),
        "js": .init(contentType: "text/javascript; charset=utf-8", compressible: true),
        "mjs": .init(contentType: "text/javascript; charset=utf-8", compressible: true),
        "json": .init(contentType: "application/json; charset=utf-8", compressible: true),
        "map": .init(contentType: "application/json; charset=utf-8", compressible: true),
        "webmanifest": .init(contentType: "application/manifest+json; charset=utf-8", compressible: true),
        "txt": .init(contentType: "text/plain; charset=utf-8", compressible: true),
        "xml": .init(contentType: "application/xml; charset=utf-8", compressible: true),
        "svg": .init(contentType: "image/svg+xml", compressible: true),
        "ico": .init(contentType: "image/x-icon", compressible: true),
        "png": .init(contentType: "image/png", compressible: false),
        "jpg": .init(contentType: "image/jpeg", compressible: false),
        "jpeg": .init(contentType: "image/jpeg", compressible: false),
        "gif": .init(contentType: "image/gif", compressible: false),
        "webp": .init(contentType: "image/webp", compressible: false),
        "avif": .init(contentType: "image/avif", compressible: false),
        "woff": .init(contentType: "font/woff", compressible: false),
        "woff2": .init(contentType: "font/woff2", compressible: false),
        "ttf": .init(contentType: "font/ttf", compressible: true),
        "wasm": .init(contentType: "application/wasm", compressible: true),
        "pdf": .init(contentType: "application/pdf", compressible: false),
    ]

    static func entry(forPath path: some StringProtocol) -> Entry {
        guard let ext = fileExtension(of: path) else { return fallback }
        return byExtension[ext.lowercased()] ?? fallback
    }

    /// The extension of the last path segment, if it has one ("app.3f9a.js" → "js").
    /// A leading dot alone does not make one.
    static func fileExtension(of path: some StringProtocol) -> Substring? {
        let text = String(path)
        let name = text.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(text)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...]
        return ext.isEmpty ? nil : Substring(ext)
    }
}
