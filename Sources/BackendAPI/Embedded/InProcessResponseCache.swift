import Synchronization

/// The embedded response cache: bounded, entries expire after their TTL; when full, the entry
/// closest to expiry goes first.
public final class InProcessResponseCache: ResponseCache {
    private struct Entry {
        var value: [UInt8]
        var expires: ContinuousClock.Instant
    }

    private let entries = Mutex([String: Entry]())
    private let capacity: Int

    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    public var kind: String { "in-process" }

    public func get(_ key: String) async -> [UInt8]? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.expires > now else {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    public func set(_ key: String, _ value: [UInt8], ttl: Duration) async {
        let now = ContinuousClock.now
        entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil {
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= capacity, let soonest = entries.min(by: { $0.value.expires < $1.value.expires })?.key {
                    entries[soonest] = nil
                }
            }
            entries[key] = Entry(value: value, expires: now + ttl)
        }
    }
}
