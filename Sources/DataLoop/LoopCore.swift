import CLibUV

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The libuv loop and everything that lives on the loop thread.
///
/// `@unchecked Sendable` because it is handed to the loop thread once and from then on
/// only touched there (jobs run by `DataLoop.execute`), which `assertOnLoop()` checks in debug builds.
final class LoopCore: @unchecked Sendable {
    let loop: UnsafeMutablePointer<uv_loop_t>
    let wakeup: UnsafeMutablePointer<uv_async_t>
    var thread: pthread_t?
    var onWakeup: (() -> Void)?
    private(set) var isShuttingDown = false
    private var resources: [ObjectIdentifier: any LoopResource] = [:]
    /// Timers and polls this module created and has not closed yet.
    private var ownHandles: [ObjectIdentifier: any LoopHandle] = [:]
    /// Handles still open after every client closed at shutdown.
    private var leakedAtShutdown = 0

    init() throws {
        loop = .allocate(capacity: 1)
        wakeup = .allocate(capacity: 1)
        var rc = uv_loop_init(loop)
        guard rc == 0 else {
            loop.deallocate()
            wakeup.deallocate()
            throw DataLoopError.libuv(uvErrorDescription(rc))
        }
        rc = uv_async_init(loop, wakeup) { handle in
            let core = Unmanaged<LoopCore>.fromOpaque(handle!.pointee.data).takeUnretainedValue()
            core.onWakeup?()
        }
        guard rc == 0 else {
            uv_loop_close(loop)
            loop.deallocate()
            wakeup.deallocate()
            throw DataLoopError.libuv(uvErrorDescription(rc))
        }
        wakeup.pointee.data = Unmanaged.passUnretained(self).toOpaque()
    }

    /// Only when the thread could not be started: nothing ever ran on the loop.
    func destroyUnstartedLoop() {
        uv_close(asHandle(wakeup), nil)
        uv_run(loop, UV_RUN_DEFAULT)
        uv_loop_close(loop)
        loop.deallocate()
        wakeup.deallocate()
    }

    func run() {
        uv_run(loop, UV_RUN_DEFAULT)
    }

    func assertOnLoop(file: StaticString = #fileID, line: UInt = #line) {
        assert(thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false, "not on the data loop thread", file: file, line: line)
    }

    func register(_ resource: any LoopResource) {
        assertOnLoop()
        if isShuttingDown {
            resource.shutdownOnLoop()
        } else {
            resources[ObjectIdentifier(resource)] = resource
        }
    }

    func unregister(_ resource: any LoopResource) {
        resources[ObjectIdentifier(resource)] = nil
    }

    func track(_ handle: any LoopHandle) { ownHandles[ObjectIdentifier(handle)] = handle }
    func untrack(_ handle: any LoopHandle) { ownHandles[ObjectIdentifier(handle)] = nil }

    /// Asks every client to close; `uv_run` returns once their handles are closed too.
    func beginShutdown() {
        assertOnLoop()
        isShuttingDown = true
        let open = resources.values
        resources = [:]
        for resource in open { resource.shutdownOnLoop() }
        // Clients start closing every handle synchronously above (uv_close marks it closing at
        // once), so one still open now is a leak. An active one would keep uv_run from ever
        // returning: close it, and report it.
        leakedAtShutdown = countHandles()
        if leakedAtShutdown > 0 {
            for handle in ownHandles.values { handle.close() }
            var context = (wakeup: asHandle(wakeup), unused: 0)
            withUnsafeMutablePointer(to: &context) { pointer in
                uv_walk(loop, { handle, arg in
                    let context = arg!.assumingMemoryBound(to: (wakeup: UnsafeMutablePointer<uv_handle_t>, unused: Int).self)
                    if handle != context.pointee.wakeup, uv_is_closing(handle) == 0 { uv_close(handle, nil) }
                }, pointer)
            }
        }
        uv_close(asHandle(wakeup), nil)
    }

    /// After `uv_run` returned. A handle some client forgot is force-closed so the loop can
    /// still be freed; that is reported, not hidden.
    func close() -> Result<Void, DataLoopError> {
        var result: Result<Void, DataLoopError> = leakedAtShutdown > 0 ? .failure(.leakedHandles(leakedAtShutdown)) : .success(())
        if uv_loop_close(loop) != 0 {
            let leaked = countHandles(includingWakeup: true)
            result = .failure(.leakedHandles(leaked))
            uv_walk(loop, { handle, _ in
                if uv_is_closing(handle) == 0 { uv_close(handle, nil) }
            }, nil)
            uv_run(loop, UV_RUN_DEFAULT)
            guard uv_loop_close(loop) == 0 else {
                // Freeing a loop libuv still uses would be worse than leaking it.
                return result
            }
        }
        loop.deallocate()
        wakeup.deallocate()
        return result
    }

    /// Open handles, not counting those already closing nor (unless asked) the wake-up handle.
    func countHandles(includingWakeup: Bool = false) -> Int {
        var count = 0
        withUnsafeMutablePointer(to: &count) { pointer in
            uv_walk(loop, { handle, arg in
                if uv_is_closing(handle) == 0 { arg!.assumingMemoryBound(to: Int.self).pointee += 1 }
            }, pointer)
        }
        let wakeupOpen = uv_is_closing(asHandle(wakeup)) == 0
        return includingWakeup || !wakeupOpen ? count : count - 1
    }

    /// Milliseconds on the loop's clock.
    var now: UInt64 { uv_now(loop) }
}

/// A handle wrapper `LoopCore` can close if its owner leaked it.
protocol LoopHandle: AnyObject {
    func close()
}

func asHandle<T>(_ pointer: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<uv_handle_t> {
    UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: uv_handle_t.self)
}

func uvErrorDescription(_ code: Int32) -> String {
    "\(String(cString: uv_err_name(code))): \(String(cString: uv_strerror(code)))"
}
