import CDataLoopShims
import CHiredis

/// One hiredis async context attached to the loop with hiredis' libuv adapter.
///
/// Loop-thread only. hiredis frees the context itself after a failed connect or a disconnect;
/// this object keeps itself alive (a retain held for the C side) until that final callback, so
/// the context's `data` pointer never dangles.
final class RedisConnection: @unchecked Sendable {
    typealias ReplyHandler = (Result<RedisReply, RedisError>) -> Void

    private var context: UnsafeMutablePointer<redisAsyncContext>?
    private var connected = false
    private var retainedForC: Unmanaged<RedisConnection>?
    /// The connect outcome (once).
    var onConnect: ((Result<Void, RedisError>) -> Void)?
    /// After a successful connect: the connection is gone (pending replies already failed).
    var onDisconnect: ((RedisError) -> Void)?
    /// Pub/sub pushes (subscribe confirmations and messages).
    var onPush: ((RedisReply) -> Void)?

    var isOpen: Bool { context != nil }

    func connect(host: String, port: Int, core: LoopCore) throws(RedisError) {
        core.assertOnLoop()
        guard let context = redisAsyncConnect(host, Int32(port)) else {
            throw RedisError(kind: .connectionFailed, message: "hiredis could not allocate a context")
        }
        if context.pointee.err != 0 {
            let message = Self.errorText(context)
            redisAsyncFree(context)
            throw RedisError(kind: .connectionFailed, message: message)
        }
        guard basebook_redis_libuv_attach(context, core.loop) == REDIS_OK else {
            redisAsyncFree(context)
            throw RedisError(kind: .connectionFailed, message: "could not attach hiredis to the libuv loop")
        }
        self.context = context
        let retained = Unmanaged.passRetained(self)
        retainedForC = retained
        context.pointee.data = retained.toOpaque()
        // After attaching: setting the connect callback registers for the first write event.
        redisAsyncSetDisconnectCallback(context) { context, status in
            let connection = Unmanaged<RedisConnection>.fromOpaque(context!.pointee.data).takeUnretainedValue()
            let error = status == REDIS_OK
                ? RedisError(kind: .closed, message: "the connection was closed")
                : RedisError(kind: .connectionLost, message: RedisConnection.errorText(context!))
            connection.contextFreed()
            connection.onDisconnect?(error)
            connection.dropHandlers()
        }
        redisAsyncSetConnectCallback(context) { context, status in
            let connection = Unmanaged<RedisConnection>.fromOpaque(context!.pointee.data).takeUnretainedValue()
            let done = connection.onConnect
            connection.onConnect = nil
            if status == REDIS_OK {
                connection.connected = true
                done?(.success(()))
            } else {
                // hiredis frees the context when this returns, without a disconnect callback.
                let error = RedisError(kind: .connectionFailed, message: RedisConnection.errorText(context!))
                connection.contextFreed()
                done?(.failure(error))
                connection.dropHandlers()
            }
        }
    }

    /// Sends one command; `handler` runs exactly once, with the reply or an error.
    func send(_ arguments: [RedisArgument], handler: @escaping ReplyHandler) {
        guard let context, connected else {
            handler(.failure(RedisError(kind: .connectionLost, message: "not connected")))
            return
        }
        let box = Unmanaged.passRetained(ReplyBox(handler))
        let rc = withArgv(arguments) { argc, argv, lengths in
            redisAsyncCommandArgv(context, { _, reply, privdata in
                let box = Unmanaged<ReplyBox>.fromOpaque(privdata!).takeRetainedValue()
                if let reply {
                    box.handler(.success(RedisReply(copying: reply.assumingMemoryBound(to: redisReply.self))))
                } else {
                    // hiredis passes NULL when the connection goes away with the command pending.
                    box.handler(.failure(RedisError(kind: .connectionLost, message: "the connection was lost before the reply")))
                }
            }, box.toOpaque(), argc, argv, lengths)
        }
        if rc != REDIS_OK {
            box.release()
            handler(.failure(RedisError(kind: .connectionLost, message: Self.errorText(context))))
        }
    }

    /// Sends SUBSCRIBE/UNSUBSCRIBE: hiredis calls the callback for every push on those channels,
    /// so it reaches `onPush` through the context instead of a one-shot box.
    func sendSubscription(_ arguments: [RedisArgument]) -> Bool {
        guard let context, connected else { return false }
        let rc = withArgv(arguments) { argc, argv, lengths in
            redisAsyncCommandArgv(context, { context, reply, _ in
                guard let context, let reply, let data = context.pointee.data else { return }
                let connection = Unmanaged<RedisConnection>.fromOpaque(data).takeUnretainedValue()
                connection.onPush?(RedisReply(copying: reply.assumingMemoryBound(to: redisReply.self)))
            }, nil, argc, argv, lengths)
        }
        return rc == REDIS_OK
    }

    /// Closes now: pending replies fail, and `onDisconnect` runs if the connection was up.
    func close() {
        guard let context else { return }
        if connected {
            // Frees the context (or, inside a hiredis callback, right after it) and then calls
            // the disconnect callback, which releases this object.
            redisAsyncFree(context)
        } else {
            onConnect = nil
            redisAsyncFree(context)
            contextFreed()
            dropHandlers()
        }
    }

    private func contextFreed() {
        context = nil
        connected = false
        retainedForC?.release()
        retainedForC = nil
    }

    private func dropHandlers() {
        onConnect = nil
        onDisconnect = nil
        onPush = nil
    }

    fileprivate static func errorText(_ context: UnsafePointer<redisAsyncContext>) -> String {
        if let text = context.pointee.errstr, text.pointee != 0 { return String(cString: text) }
        return "connection error \(context.pointee.err)"
    }

    fileprivate static func errorText(_ context: UnsafeMutablePointer<redisAsyncContext>) -> String {
        errorText(UnsafePointer(context))
    }
}

private final class ReplyBox {
    let handler: RedisConnection.ReplyHandler
    init(_ handler: @escaping RedisConnection.ReplyHandler) { self.handler = handler }
}
