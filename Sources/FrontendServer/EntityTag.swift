/// Strong entity tags from file contents, and the `If-None-Match` / `If-Range` comparisons.
enum EntityTag {
    /// `"<size hex>-<FNV-1a 64 hex>"`: the same bytes always give the same tag, on every
    /// replica and after every restart (unlike tags from inode and mtime).
    static func of(_ bytes: some Collection<UInt8>, suffix: String = "") -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return "\"" + String(bytes.count, radix: 16) + "-" + String(hash, radix: 16) + suffix + "\""
    }

    /// Whether an `If-None-Match` value names one of `tags` (weak comparison, as RFC 9110
    /// prescribes for this header) or is `*`.
    static func noneMatchHits(_ header: String, tags: [String]) -> Bool {
        for candidate in header.split(separator: ",") {
            var tag = candidate.trimmingASCIISpaces()
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
            if tags.contains(where: { $0 == tag }) { return true }
        }
        return false
    }
}

extension Substring {
    func trimmingASCIISpaces() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
