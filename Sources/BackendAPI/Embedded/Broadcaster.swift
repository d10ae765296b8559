import Synchronization

/// Hands every value sent to every current subscriber, in order. Subscribers that go away are
/// dropped. Used for the in-process bus and the hub's live feeds.
final class Broadcaster<Element: Sendable>: Sendable {
    private struct Subscribers {
        var next = 0
        var continuations: [Int: AsyncStream<Element>.Continuation] = [:]
        var finished = false
    }

    private let subscribers = Mutex(Subscribers())

    func subscribe() -> AsyncStream<Element> {
        let (stream, continuation) = AsyncStream.makeStream(of: Element.self, bufferingPolicy: .unbounded)
        let id = subscribers.withLock { s -> Int? in
            guard !s.finished else { return nil }
            defer { s.next += 1 }
            s.continuations[s.next] = continuation
            return s.next
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.continuations.removeValue(forKey: id) }
        }
        return stream
    }

    func send(_ value: Element) {
        let targets = subscribers.withLock { Array($0.continuations.values) }
        for continuation in targets { continuation.yield(value) }
    }

    /// Ends every stream, and those subscribed later at once.
    func finish() {
        let targets = subscribers.withLock { s in
            defer {
                s.continuations.removeAll()
                s.finished = true
            }
            return Array(s.continuations.values)
        }
        for continuation in targets { continuation.finish() }
    }
}
