import Synchronization

/// The served directory, read through an in-memory cache. Every lookup costs one `stat`: a file
/// whose device, inode, size and modification time are unchanged is served from memory, so a
/// deploy that replaces files is picked up at once without a restart.
///
/// A file is admitted only when its real path (symlinks resolved) lies inside the root, so a
/// symlink pointing out of the directory serves nothing.
public final class StaticFileCache: Sendable {
    enum Lookup {
        case file(StaticFile)
        case directory
        case notFound
    }

    public let root: String
    let maxCachedBytes: Int
    private let state = Mutex<State>(State())

    struct State {
        var files: [String: StaticFile] = [:]
        var bytes = 0
    }

    /// `root` must exist; it is resolved to its real path once, here.
    public init?(root: String, maxCachedBytes: Int = 256 * 1024 * 1024) {
        guard let resolved = FileSystem.realPath(root), FileSystem.status(resolved)?.kind == .directory else { return nil }
        self.root = resolved
        self.maxCachedBytes = maxCachedBytes
    }

    func lookup(_ segments: [String]) -> Lookup {
        let relative = segments.joined(separator: "/")
        let path = root + "/" + relative
        guard let (kind, stamp) = FileSystem.status(path) else { return .notFound }
        switch kind {
        case .directory: return .directory
        case .other: return .notFound
        case .regular: break
        }
        if let cached = state.withLock({ $0.files[relative] }), cached.stamp == stamp {
            return .file(cached)
        }
        guard isInsideRoot(path), let bytes = FileSystem.contents(path, expectedSize: stamp.size) else { return .notFound }
        let file = StaticFile(path: relative, stamp: stamp, bytes: bytes, brotliBytes: precompressedBrotli(for: path))
        store(file, at: relative)
        return .file(file)
    }

    /// A `.br` file next to the original, made at build time (compressing brotli on the fly
    /// would need a library this server does not link).
    private func precompressedBrotli(for path: String) -> [UInt8]? {
        let brotliPath = path + ".br"
        guard let (kind, stamp) = FileSystem.status(brotliPath), kind == .regular, isInsideRoot(brotliPath) else { return nil }
        return FileSystem.contents(brotliPath, expectedSize: stamp.size)
    }

    private func isInsideRoot(_ path: String) -> Bool {
        guard let real = FileSystem.realPath(path) else { return false }
        return real.hasPrefix(root + "/")
    }

    private func store(_ file: StaticFile, at key: String) {
        state.withLock { state in
            if let old = state.files[key] { state.bytes -= old.memoryBytes }
            // Crude but bounded: a directory larger than the budget is served from disk-backed
            // reloads rather than growing memory without limit.
            if state.bytes + file.memoryBytes > maxCachedBytes {
                state.files.removeAll(keepingCapacity: true)
                state.bytes = 0
            }
            state.files[key] = file
            state.bytes += file.memoryBytes
        }
    }
}
