import CLibUV

/// A libuv timer on the data loop. Loop-thread only; `close()` must be called exactly once
/// when done (the handle's memory is freed in libuv's close callback, never before).
final class LoopTimer: LoopHandle, @unchecked Sendable {
    private let handle: UnsafeMutablePointer<uv_timer_t>
    private var callback: (() -> Void)?
    private var closed = false
    private let core: LoopCore

    init(core: LoopCore) {
        core.assertOnLoop()
        self.core = core
        handle = .allocate(capacity: 1)
        uv_timer_init(core.loop, handle)
        // Retained until the close callback, so the C side never sees a dangling context.
        handle.pointee.data = Unmanaged.passRetained(self).toOpaque()
        core.track(self)
    }

    /// Fires once after `milliseconds`, replacing any previous schedule.
    func start(milliseconds: UInt64, _ body: @escaping () -> Void) {
        guard !closed else { return }
        callback = body
        uv_timer_start(handle, { handle in
            let timer = Unmanaged<LoopTimer>.fromOpaque(handle!.pointee.data).takeUnretainedValue()
            let body = timer.callback
            timer.callback = nil
            body?()
        }, milliseconds, 0)
    }

    func stop() {
        callback = nil
        if !closed { uv_timer_stop(handle) }
    }

    func close() {
        guard !closed else { return }
        closed = true
        callback = nil
        core.untrack(self)
        uv_close(asHandle(handle)) { handle in
            let timer = Unmanaged<LoopTimer>.fromOpaque(handle!.pointee.data).takeRetainedValue()
            timer.handle.deallocate()
        }
    }

    /// A one-shot timer that closes itself after firing; `close()` cancels it.
    static func once(core: LoopCore, milliseconds: UInt64, _ body: @escaping () -> Void) -> LoopTimer {
        let timer = LoopTimer(core: core)
        timer.start(milliseconds: milliseconds) { [unowned timer] in
            timer.close()
            body()
        }
        return timer
    }
}
