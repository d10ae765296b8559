/// Failures of the data loop itself, as opposed to a database or cache reporting an error.
public enum DataLoopError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Work was submitted after `shutdown()` began, or was pending when it did.
    case shutDown
    /// libuv refused to set up the loop or a handle (libuv's error name and message).
    case libuv(String)
    /// `uv_loop_close` still saw open handles after every client closed; they were force-closed.
    case leakedHandles(Int)

    public var description: String {
        switch self {
        case .shutDown: return "the data loop is shut down"
        case .libuv(let message): return "libuv: \(message)"
        case .leakedHandles(let count): return "the data loop closed with \(count) handle(s) still open"
        }
    }
}
