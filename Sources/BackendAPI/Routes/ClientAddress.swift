/// The address a request comes from, for per-client limits. Behind `trustedHops` proxies that
/// each append the address they saw to `X-Forwarded-For` (ingress-nginx does), the client is
/// the entry the outermost of them appended: the `trustedHops`-th from the right. Entries left
/// of it are whatever the client sent, so they are never believed.
enum ClientAddress {
    static func resolve(forwardedFor headers: [String], peer: String?, trustedHops: Int) -> String? {
        guard trustedHops > 0 else { return peer }
        let entries = headers.flatMap { $0.split(separator: ",") }.map(trimmed).filter { !$0.isEmpty }
        // Fewer entries than proxies: the request did not come through all of them (a caller
        // inside the cluster), so only the peer is known.
        guard entries.count >= trustedHops else { return peer }
        return String(entries[entries.count - trustedHops])
    }

    private static func trimmed(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) }) else { return "" }
        return text[first...last]
    }
}
