/// A `Range: bytes=…` request against a representation of `size` bytes. Only single ranges
/// are served; a multi-range request gets the whole file, which RFC 9110 allows and which
/// spares the multipart/byteranges machinery nobody here needs.
enum ByteRange: Equatable {
    /// No usable Range header: serve the whole representation with 200.
    case whole
    case partial(ClosedRange<Int>)
    /// Syntactically valid but outside the file: 416.
    case unsatisfiable

    init(header: String?, size: Int) {
        guard let header else { self = .whole; return }
        let text = Substring(header).trimmingASCIISpaces()
        guard text.lowercased().hasPrefix("bytes="), !text.contains(",") else { self = .whole; return }
        let spec = text.dropFirst(6)
        guard let dash = spec.firstIndex(of: "-") else { self = .whole; return }
        let first = spec[..<dash].trimmingASCIISpaces()
        let last = spec[spec.index(after: dash)...].trimmingASCIISpaces()
        switch (Int(first), Int(last)) {
        case (nil, let suffix?) where first.isEmpty && suffix >= 0:
            // The last `suffix` bytes.
            guard suffix > 0, size > 0 else { self = .unsatisfiable; return }
            self = .partial(max(0, size - suffix)...(size - 1))
        case (let start?, nil) where last.isEmpty && start >= 0:
            guard start < size else { self = .unsatisfiable; return }
            self = .partial(start...(size - 1))
        case (let start?, let end?) where start >= 0 && end >= start:
            guard start < size else { self = .unsatisfiable; return }
            self = .partial(start...min(end, size - 1))
        default:
            self = .whole
        }
    }
}
