import Synchronization

/// The bound port, for whoever asks before the server listens (tests binding port 0).
final class ListeningPort: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Int, any Error>])
        case listening(Int)
        case failed(any Error)
    }

    private let state = Mutex(State.waiting([]))

    func value() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let result: Result<Int, any Error>? = state.withLock { state in
                switch state {
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return nil
                case .listening(let port): return .success(port)
                case .failed(let error): return .failure(error)
                }
            }
            if let result { continuation.resume(with: result) }
        }
    }

    func resolve(_ port: Int) {
        settle(.listening(port)).forEach { $0.resume(returning: port) }
    }

    /// Wakes waiters of a server that stopped before (or without) listening.
    func fail(_ error: any Error) {
        settle(.failed(error)).forEach { $0.resume(throwing: error) }
    }

    private func settle(_ final: State) -> [CheckedContinuation<Int, any Error>] {
        state.withLock { state in
            guard case .waiting(let waiters) = state else { return [] }
            state = final
            return waiters
        }
    }
}
