import CLibUV

/// Readiness events for one socket (`uv_poll_t`), used for libpq's socket. Loop-thread only;
/// `close()` must be called before the socket itself is closed (libuv must stop watching a
/// descriptor before anyone closes it) and exactly once.
final class LoopPoll: LoopHandle, @unchecked Sendable {
    struct Events: OptionSet {
        let rawValue: Int32
        static let readable = Events(rawValue: Int32(UV_READABLE.rawValue))
        static let writable = Events(rawValue: Int32(UV_WRITABLE.rawValue))
    }

    let fd: Int32
    private let handle: UnsafeMutablePointer<uv_poll_t>
    /// Called with libuv's status (0 or a negative error) and the ready events.
    var onEvent: ((Int32, Events) -> Void)?
    private(set) var watching: Events = []
    private var closed = false
    private let core: LoopCore

    init(core: LoopCore, fd: Int32) throws {
        core.assertOnLoop()
        self.core = core
        self.fd = fd
        handle = .allocate(capacity: 1)
        let rc = uv_poll_init(core.loop, handle, fd)
        guard rc == 0 else {
            handle.deallocate()
            throw DataLoopError.libuv(uvErrorDescription(rc))
        }
        handle.pointee.data = Unmanaged.passRetained(self).toOpaque()
        core.track(self)
    }

    func watch(_ events: Events) {
        guard !closed, events != watching else { return }
        watching = events
        if events.isEmpty {
            uv_poll_stop(handle)
        } else {
            uv_poll_start(handle, events.rawValue) { handle, status, events in
                let poll = Unmanaged<LoopPoll>.fromOpaque(handle!.pointee.data).takeUnretainedValue()
                poll.onEvent?(status, Events(rawValue: events))
            }
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        onEvent = nil
        watching = []
        core.untrack(self)
        uv_close(asHandle(handle)) { handle in
            let poll = Unmanaged<LoopPoll>.fromOpaque(handle!.pointee.data).takeRetainedValue()
            poll.handle.deallocate()
        }
    }
}
