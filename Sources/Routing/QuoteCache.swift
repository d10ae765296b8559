import Synchronization

/// Recent quotes by request and graph sequence. The sequence is part of the key, so the first
/// pool change makes every older entry unreachable at once; eviction is least-recently-used.
public final class QuoteCache: Sendable {
    struct Key: Hashable, Sendable {
        var request: QuoteRequest
        var sequence: UInt64
    }

    struct Storage {
        var entries: [Key: (quote: Quote, lastUse: UInt64)] = [:]
        var clock: UInt64 = 0
    }

    public let capacity: Int
    private let storage = Mutex(Storage())

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    public var count: Int { storage.withLock { $0.entries.count } }

    public func quote(for request: QuoteRequest, sequence: UInt64) -> Quote? {
        storage.withLock { s in
            let key = Key(request: request, sequence: sequence)
            guard let entry = s.entries[key] else { return nil }
            s.clock += 1
            s.entries[key] = (entry.quote, s.clock)
            return entry.quote
        }
    }

    public func store(_ quote: Quote, for request: QuoteRequest, sequence: UInt64) {
        guard capacity > 0 else { return }
        storage.withLock { s in
            s.clock += 1
            s.entries[Key(request: request, sequence: sequence)] = (quote, s.clock)
            guard s.entries.count > capacity else { return }
            // Entries of older sequences can never hit again: drop them first, then the least recent.
            s.entries = s.entries.filter { $0.key.sequence >= sequence }
            while s.entries.count > capacity, let oldest = s.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                s.entries[oldest.key] = nil
            }
        }
    }
}
