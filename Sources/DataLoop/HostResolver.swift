import CLibUV

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves host names on libuv's thread pool. libpq and hiredis would call getaddrinfo on
/// the calling thread — the loop thread — where a slow DNS server would stall every
/// connection; they are given the resolved address instead.
enum HostResolver {
    /// Whether `host` is already an IPv4 or IPv6 address.
    static func isNumeric(_ host: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, host, &buffer) == 1 || inet_pton(AF_INET6, host, &buffer) == 1
    }

    /// Calls `completion` on the loop thread with an address of `host` (IPv4 first), as text.
    static func resolve(core: LoopCore, host: String, completion: @escaping (Result<String, ResolutionError>) -> Void) {
        core.assertOnLoop()
        if isNumeric(host) {
            completion(.success(host))
            return
        }
        let request = UnsafeMutablePointer<uv_getaddrinfo_t>.allocate(capacity: 1)
        let box = Unmanaged.passRetained(ResolutionBox(completion))
        request.pointee.data = box.toOpaque()
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        let rc = uv_getaddrinfo(core.loop, request, { request, status, result in
            let box = Unmanaged<ResolutionBox>.fromOpaque(request!.pointee.data).takeRetainedValue()
            request!.deallocate()
            defer { if let result { uv_freeaddrinfo(result) } }
            guard status == 0 else {
                box.completion(.failure(ResolutionError("could not resolve the host: \(uvErrorDescription(status))")))
                return
            }
            // One address is handed on, so prefer IPv4: services in containers often listen
            // only there while "localhost" may list ::1 first.
            var addresses: [(family: Int32, text: String)] = []
            var entry = result
            while let current = entry {
                if let address = HostResolver.text(of: current.pointee) { addresses.append((current.pointee.ai_family, address)) }
                entry = current.pointee.ai_next
            }
            if let address = addresses.first(where: { $0.family == AF_INET }) ?? addresses.first {
                box.completion(.success(address.text))
                return
            }
            box.completion(.failure(ResolutionError("the host has no IPv4 or IPv6 address")))
        }, host, nil, &hints)
        if rc != 0 {
            box.release()
            request.deallocate()
            completion(.failure(ResolutionError("could not resolve the host: \(uvErrorDescription(rc))")))
        }
    }

    private static func text(of entry: addrinfo) -> String? {
        guard let address = entry.ai_addr else { return nil }
        var buffer = [CChar](repeating: 0, count: 64)
        func decoded() -> String {
            String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        switch entry.ai_family {
        case AF_INET:
            let rc = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { uv_ip4_name($0, &buffer, buffer.count) }
            return rc == 0 ? decoded() : nil
        case AF_INET6:
            let rc = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { uv_ip6_name($0, &buffer, buffer.count) }
            return rc == 0 ? decoded() : nil
        default:
            return nil
        }
    }

    /// For a `postgres://` URL naming one host by name: the URL with `hostaddr` set to its
    /// resolved address, so libpq skips its own blocking lookup (it still uses the name for
    /// TLS and authentication). Anything else — conninfo strings, several hosts, Unix sockets,
    /// numeric hosts, an explicit hostaddr — is passed through unchanged.
    static func prepareConnectionString(core: LoopCore, _ connectionString: String, completion: @escaping (Result<String, ResolutionError>) -> Void) {
        guard connectionString.hasPrefix("postgres://") || connectionString.hasPrefix("postgresql://"),
            let url = try? ServiceURL(parsing: connectionString),
            !url.host.isEmpty, !url.host.contains(","), !url.host.hasPrefix("/"), !isNumeric(url.host),
            !url.query.contains(where: { $0.0 == "hostaddr" || $0.0 == "host" })
        else {
            completion(.success(connectionString))
            return
        }
        resolve(core: core, host: url.host) { result in
            completion(result.map { address in
                connectionString + (connectionString.contains("?") ? "&" : "?") + "hostaddr=" + address
            })
        }
    }
}

struct ResolutionError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

private final class ResolutionBox {
    let completion: (Result<String, ResolutionError>) -> Void
    init(_ completion: @escaping (Result<String, ResolutionError>) -> Void) { self.completion = completion }
}
