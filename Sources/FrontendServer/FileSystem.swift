#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What identifies one version of a file: if none of these changed, neither did its bytes
/// (as far as a static file server can tell without reading them).
struct FileStamp: Sendable, Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int
}

/// The few POSIX calls the server needs, without Foundation's FileManager (which allocates
/// and takes locks for every attribute query).
enum FileSystem {
    enum Kind { case regular, directory, other }

    /// `stat` (following symlinks); nil when the path does not exist or cannot be read.
    static func status(_ path: String) -> (kind: Kind, stamp: FileStamp)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let kind: Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        default: kind = .other
        }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        let stamp = FileStamp(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int(info.st_size),
                              modifiedSeconds: Int(modified.tv_sec), modifiedNanoseconds: Int(modified.tv_nsec))
        return (kind, stamp)
    }

    /// The whole file, or nil when it cannot be opened or read.
    static func contents(_ path: String, expectedSize: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(expectedSize)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// The absolute path with every symlink, `.` and `..` resolved.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
