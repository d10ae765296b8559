import CLibUV
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One thread running one libuv loop that owns every PostgreSQL and Redis connection.
///
/// Other threads never touch libuv, libpq or hiredis: they hand closures to `execute(_:)`
/// (a lock-protected queue plus `uv_async_send`) and those closures run on the loop thread,
/// so a NIO event-loop thread never blocks on I/O. Clients built on a loop resume Swift
/// continuations from that thread with the results.
///
/// The thread starts in `init` and stops in `shutdown()`, which closes every handle the
/// clients left open, checks that `uv_loop_close` succeeds and joins the thread.
public final class DataLoop: Sendable {
    public let name: String
    let core: LoopCore
    private let shared: Mutex<Shared>
    private let thread: ThreadHandle

    private enum Phase {
        case running
        case stopping
        case stopped(Result<Void, DataLoopError>)
    }

    private struct Shared {
        var phase: Phase = .running
        var jobs: [@Sendable () -> Void] = []
        var shutdownWaiters: [CheckedContinuation<Result<Void, DataLoopError>, Never>] = []
        var joined = false
    }

    /// Starts the loop thread.
    public init(name: String = "basebook-data-loop") throws {
        self.name = name
        let core = try LoopCore()
        self.core = core
        self.shared = Mutex(Shared())
        self.thread = ThreadHandle()
        let started = LoopThreadStart(loop: self)
        let context = Unmanaged.passRetained(started).toOpaque()
        var tid = pthread_t()
        let rc = pthread_create(&tid, nil, { raw in
            let start = Unmanaged<LoopThreadStart>.fromOpaque(raw!).takeRetainedValue()
            start.loop.runThread()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<LoopThreadStart>.fromOpaque(context).release()
            core.destroyUnstartedLoop()
            throw DataLoopError.libuv("pthread_create failed (\(rc))")
        }
        thread.set(tid)
    }

    /// Runs `job` on the loop thread. Returns false, without running it, once shutdown has begun.
    @discardableResult
    public func execute(_ job: @escaping @Sendable () -> Void) -> Bool {
        shared.withLock { state in
            guard case .running = state.phase else { return false }
            state.jobs.append(job)
            // Sent under the lock: the loop closes the async handle only after it has seen
            // `.stopping` under this same lock, so a send never races the close.
            uv_async_send(core.wakeup)
            return true
        }
    }

    /// Closes every client's connections and handles, stops the loop and joins its thread.
    /// Throws `DataLoopError.leakedHandles` if handles were still open after the clients closed
    /// (they are then force-closed, so the loop's memory is still released). Idempotent.
    public func shutdown() async throws {
        let result: Result<Void, DataLoopError> = await withCheckedContinuation { continuation in
            shared.withLock { state in
                switch state.phase {
                case .running:
                    state.phase = .stopping
                    state.shutdownWaiters.append(continuation)
                    uv_async_send(core.wakeup)
                case .stopping:
                    state.shutdownWaiters.append(continuation)
                case .stopped(let result):
                    continuation.resume(returning: result)
                }
            }
        }
        let mustJoin = shared.withLock { state in
            defer { state.joined = true }
            return !state.joined
        }
        if mustJoin { thread.join() }
        try result.get()
    }

    /// The number of libuv handles open on the loop, not counting the loop's own wake-up handle.
    /// Zero once every client has closed: a test's proof that nothing leaked.
    public func openHandleCount() async throws -> Int {
        try await onLoop { $0.countHandles() }
    }

    /// Runs `body` on the loop thread and returns its value.
    func onLoop<T: Sendable>(_ body: @escaping @Sendable (LoopCore) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let core = self.core
            let accepted = execute {
                continuation.resume(with: Result { try body(core) })
            }
            if !accepted { continuation.resume(throwing: DataLoopError.shutDown) }
        }
    }

    // MARK: loop thread

    private func runThread() {
        core.thread = pthread_self()
        core.onWakeup = { [unowned self] in self.drain() }
        core.run()
        let result = core.close()
        let waiters = shared.withLock { state in
            state.phase = .stopped(result)
            defer { state.shutdownWaiters = [] }
            return state.shutdownWaiters
        }
        for waiter in waiters { waiter.resume(returning: result) }
    }

    private func drain() {
        let (jobs, stopping) = shared.withLock { state in
            defer { state.jobs = [] }
            if case .running = state.phase { return (state.jobs, false) }
            return (state.jobs, true)
        }
        for job in jobs { job() }
        if stopping, !core.isShuttingDown {
            core.beginShutdown()
        }
    }
}

/// Hands the loop to the new thread without a retain cycle between the two.
private final class LoopThreadStart: @unchecked Sendable {
    let loop: DataLoop
    init(loop: DataLoop) { self.loop = loop }
}

/// The loop thread's id, written once before anyone can join it.
private final class ThreadHandle: Sendable {
    private let tid = Mutex<pthread_t?>(nil)
    func set(_ value: pthread_t) { tid.withLock { $0 = value } }
    func join() {
        guard let value = tid.withLock({ $0 }) else { return }
        pthread_join(value, nil)
    }
}
