#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The container HEALTHCHECK: one blocking HTTP/1.0 GET to the service's own health endpoint.
/// Plain sockets rather than an HTTP client, so the runtime image needs no curl and the
/// executable links nothing extra for it.
public enum HealthProbe {
    /// True when `GET path` on `host:port` (an IPv4 literal) answers with status 200 within the timeout.
    public static func check(host: String = "127.0.0.1", port: Int, path: String, timeoutSeconds: Int = 3) -> Bool {
        guard let fd = openConnection(host: host, port: port, timeoutSeconds: timeoutSeconds) else { return false }
        defer { close(fd) }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: \(host)\r\nConnection: close\r\n\r\n".utf8)
        guard sendAll(fd, request) else { return false }
        return statusCode(readStatusLine(fd)) == 200
    }

    private static func openConnection(host: String, port: Int, timeoutSeconds: Int) -> Int32? {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        let size = socklen_t(MemoryLayout<timeval>.size)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, size)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, size)

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            return nil
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    private static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    private static func readStatusLine(_ fd: Int32) -> [UInt8] {
        var line: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while line.count < 1024, !line.contains(UInt8(ascii: "\n")) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            line += buffer[0..<count]
        }
        return line
    }

    /// "HTTP/1.1 200 OK" → 200.
    static func statusCode(_ line: [UInt8]) -> Int? {
        let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2)
        guard parts.count >= 2, parts[0].starts(with: Array("HTTP/".utf8)) else { return nil }
        return Int(String(decoding: parts[1], as: UTF8.self))
    }
}
