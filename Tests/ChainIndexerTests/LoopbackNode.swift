import Hummingbird
import Logging
import NIOCore

/// Serves a `TestNode` over HTTP on a loopback port, for the tests that go through the real
/// AsyncHTTPClient transport.
enum LoopbackNode {
    static func with(_ node: TestNode, _ body: @Sendable (_ url: String) async throws -> Void) async throws {
        let router = Router()
        router.post("/") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 64 << 20)
            switch await node.respond(Array(buffer.readableBytesView)) {
            case .http(let status, let bytes):
                return Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            case .timeout:
                // Never answers within the client's timeout; the client gives up first.
                try await Task.sleep(for: .seconds(60))
                return Response(status: .gatewayTimeout)
            }
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
                              logger: Logger(label: "test-node", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            defer { group.cancelAll() }
            try await body("http://127.0.0.1:\(port)/")
        }
    }
}
