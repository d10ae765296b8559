import NIOCore
import NIOWebSocket
import Synchronization

/// One client as the fan-out sees it: a bounded queue of messages its writer task drains,
/// and a way to ask its session to close. Enqueuing never waits, so a slow client can only
/// ever fill its own queue; the hub disconnects it then.
final class ClientConnection: Sendable {
    enum Outbound: Sendable {
        case text(ByteBuffer)
        case ping
        /// Send the close frame now that everything queued before it is written.
        case close(CloseRequest)
    }

    struct CloseRequest: Sendable, Equatable {
        var code: WebSocketErrorCode
        var reason: String
        /// Close without writing what is still queued (the client is not reading it anyway).
        var immediate: Bool
    }

    private enum Phase: UInt8, AtomicRepresentable {
        case open
        /// A close frame is queued behind the messages already there; nothing more is accepted.
        case closing
        /// The writer stops at once and the close frame is sent directly.
        case aborting
    }

    let id: UInt64
    let outbox: AsyncStream<Outbound>
    /// Every close request, for the session to arm its deadline (and send the frame if immediate).
    let closeRequests: AsyncStream<CloseRequest>
    private let outboxContinuation: AsyncStream<Outbound>.Continuation
    private let closeContinuation: AsyncStream<CloseRequest>.Continuation
    private let phase = Atomic<Phase>(.open)

    init(id: UInt64, queueCapacity: Int) {
        self.id = id
        // bufferingOldest: a full queue refuses the new message (`.dropped`), which is how a
        // slow client is detected, and what it already has stays in order.
        let (outbox, outboxContinuation) = AsyncStream.makeStream(of: Outbound.self, bufferingPolicy: .bufferingOldest(queueCapacity))
        let (closeRequests, closeContinuation) = AsyncStream.makeStream(of: CloseRequest.self, bufferingPolicy: .bufferingOldest(2))
        self.outbox = outbox
        self.outboxContinuation = outboxContinuation
        self.closeRequests = closeRequests
        self.closeContinuation = closeContinuation
    }

    /// A close was requested: the reader ignores further requests and nothing more is queued.
    var isClosing: Bool { phase.load(ordering: .acquiring) != .open }

    /// The writer must stop without writing what is left.
    var isAborting: Bool { phase.load(ordering: .acquiring) == .aborting }

    /// False when the queue is full (the caller disconnects the client as too slow).
    func enqueue(_ message: Outbound) -> Bool {
        guard !isClosing else { return true }  // going away anyway: nothing to report
        switch outboxContinuation.yield(message) {
        case .enqueued, .terminated: return true
        case .dropped: return false
        @unknown default: return false
        }
    }

    /// Asks the session to close with `code`: after what is queued, or at once if `immediate`.
    /// True if this request changed anything (the first one, or an escalation to immediate).
    @discardableResult
    func requestClose(code: WebSocketErrorCode, reason: String, immediate: Bool = false) -> Bool {
        var request = CloseRequest(code: code, reason: reason, immediate: immediate)
        if immediate {
            guard phase.exchange(.aborting, ordering: .acquiringAndReleasing) != .aborting else { return false }
        } else {
            guard phase.compareExchange(expected: .open, desired: .closing, ordering: .acquiringAndReleasing).exchanged else { return false }
            if case .dropped = outboxContinuation.yield(.close(request)) {
                request.immediate = true
                phase.store(.aborting, ordering: .releasing)
            }
        }
        closeContinuation.yield(request)
        outboxContinuation.finish()
        return true
    }

    /// The session is over: release anything waiting on the streams.
    func finish() {
        phase.store(.aborting, ordering: .releasing)
        closeContinuation.finish()
        outboxContinuation.finish()
    }
}
