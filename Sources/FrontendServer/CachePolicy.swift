/// Which `Cache-Control` a static file gets.
///
/// A fingerprinted asset — a name with a segment of at least 8 hex digits between dots, as a
/// build tool writes it (`app.3f9a2b1c.js`, `logo.0123abcd.svg`) — never changes under its
/// name, so browsers may keep it for a year without asking. Everything else, `index.html`
/// above all, must be revalidated on every use (cheap: the ETag gives a 304), so a deploy is
/// seen at once.
enum CachePolicy {
    static let immutable = "public, max-age=31536000, immutable"
    static let revalidate = "no-cache"

    static func cacheControl(forPath path: some StringProtocol) -> String {
        isFingerprinted(path) ? immutable : revalidate
    }

    static func isFingerprinted(_ path: some StringProtocol) -> Bool {
        let text = String(path)
        let name = text.split(separator: "/").last ?? Substring(text)
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        // The fingerprint sits between the stem and the extension: neither first nor last.
        guard parts.count >= 3 else { return false }
        return parts.dropFirst().dropLast().contains { part in
            part.utf8.count >= 8 && part.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) }
        }
    }
}
