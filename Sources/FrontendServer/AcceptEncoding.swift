/// Which content codings a request's `Accept-Encoding` allows: a coding with `q=0` is
/// refused, `*` stands for any coding not named, no header means identity only (servers may
/// assume otherwise, but clients that send nothing are often tools that cannot decompress).
struct AcceptEncoding: Sendable {
    private var weights: [Substring: Bool] = [:]
    private var wildcard: Bool?

    init(_ header: String?) {
        guard let header else { return }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";")
            guard let name = parts.first?.trimmingASCIISpaces().lowercased(), !name.isEmpty else { continue }
            var accepted = true
            for parameter in parts.dropFirst() {
                let pair = parameter.trimmingASCIISpaces()
                if pair.lowercased().hasPrefix("q="), let q = Double(pair.dropFirst(2)) { accepted = q > 0 }
            }
            if name == "*" { wildcard = accepted } else { weights[Substring(name)] = accepted }
        }
    }

    func accepts(_ coding: String) -> Bool {
        weights[Substring(coding)] ?? wildcard ?? false
    }
}
