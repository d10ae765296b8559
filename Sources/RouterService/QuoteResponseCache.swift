import Routing
import Synchronization

/// Recent answers by request and graph version: the quote and its encoded body, so a hit costs
/// neither a route search nor JSON encoding. The key holds the graph's sequence and the
/// router's graph generation (bumped by every load or applied change), so the first change
/// makes every older entry unreachable, even when a reloaded snapshot repeats a sequence.
/// Eviction is least-recently-used, done in batches so an insert past capacity stays cheap.
final class QuoteResponseCache: Sendable {
    struct Key: Hashable, Sendable {
        var request: QuoteRequest
        var sequence: UInt64
        var generation: UInt64
    }

    struct Entry: Sendable {
        var quote: Quote
        var encoded: EncodedQuote
    }

    struct Slot {
        var entry: Entry
        var lastUse: UInt64
    }

    struct Storage {
        var slots: [Key: Slot] = [:]
        var clock: UInt64 = 0
    }

    let capacity: Int
    private let storage = Mutex(Storage())

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    var count: Int { storage.withLock { $0.slots.count } }

    func entry(for key: Key) -> Entry? {
        guard capacity > 0 else { return nil }
        return storage.withLock { s in
            s.clock &+= 1
            let now = s.clock
            guard let index = s.slots.index(forKey: key) else { return nil }
            s.slots.values[index].lastUse = now
            return s.slots.values[index].entry
        }
    }

    func store(_ entry: Entry, for key: Key) {
        guard capacity > 0 else { return }
        storage.withLock { s in
            s.clock &+= 1
            s.slots[key] = Slot(entry: entry, lastUse: s.clock)
            guard s.slots.count > capacity else { return }
            // Entries of other graph versions can never hit again: drop them first.
            s.slots = s.slots.filter { $0.key.sequence == key.sequence && $0.key.generation == key.generation }
            guard s.slots.count > capacity else { return }
            // Then the least recently used, down to 90 % of capacity, so the next inserts are free.
            let keep = capacity - capacity / 10
            let uses = s.slots.values.map(\.lastUse).sorted()
            let cutoff = uses[s.slots.count - keep - 1]
            s.slots = s.slots.filter { $0.value.lastUse > cutoff }
        }
    }
}
