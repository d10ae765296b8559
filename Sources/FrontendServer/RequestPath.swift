/// A request path made safe to join to the served root: percent-decoded once, split into
/// segments, and refused when any segment could step outside the root or name something hidden.
///
/// The check is on decoded segments, so `/%2e%2e/`, `/..%2f..`, `\..\` and friends are caught
/// the same as a literal `/../`. Symlinks are a separate matter: the file cache resolves each
/// file's real path and refuses any outside the root.
enum RequestPath: Equatable {
    /// Segments relative to the root; empty for the root itself.
    case relative([String])
    /// An attempt to leave the root or smuggle bytes into the file name.
    case forbidden
    /// A dotfile or dot-directory (`.git`, `.env`): never served, answered as absent.
    case hidden

    init(_ rawPath: some StringProtocol) {
        guard let decoded = Self.percentDecoded(rawPath) else {
            self = .forbidden
            return
        }
        var segments: [String] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == ".." || segment == "." || segment.contains("\\") || segment.utf8.contains(0) {
                self = .forbidden
                return
            }
            if segment.hasPrefix(".") {
                self = .hidden
                return
            }
            segments.append(String(segment))
        }
        self = .relative(segments)
    }

    /// Decodes %XX escapes; nil on a malformed escape or bytes that are not UTF-8.
    static func percentDecoded(_ text: some StringProtocol) -> String? {
        let utf8 = Array(text.utf8)
        guard utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < utf8.count, let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2]) else { return nil }
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
