/// The identities of the events applied in the trailing day of event time, so that an event a
/// source sends again is applied once, while memory stays bounded by the window instead of
/// growing with the chain's history. Events older than the window lie before the checkpoint
/// every source resumes after, and the stores restore the same window when they load.
///
/// Identities are kept in one-minute slots by their block's time, and an event is looked up in
/// its own slot: one chain history puts a transaction in one block, so a resent event carries
/// the time it was first applied with. A market state is copied for every ingested batch; the
/// copy shares every slot, and the batch then copies only the slots it adds to, the newest.
public struct RecentEventIDs: Sendable {
    /// The stores' trailing window too: a restart restores what a running market holds.
    public static let windowSeconds: Int64 = 86_400
    static let slotSeconds: Int64 = 60

    /// Slot starts, oldest first, and each slot's identities. Apart, so that reading a start
    /// never holds a second reference to a set about to be inserted into (which would copy it).
    private var starts: [Int64] = []
    private var slots: [Set<EventID>] = []

    public init() {}

    /// Identities the market holds, with the time of their blocks.
    public init(_ events: some Sequence<(id: EventID, timestamp: Int64)>) {
        for event in events { insert(event.id, at: event.timestamp) }
    }

    public var count: Int { slots.reduce(0) { $0 + $1.count } }

    public func contains(_ id: EventID, at timestamp: Int64) -> Bool {
        guard let i = index(of: Self.slotStart(timestamp)) else { return false }
        return slots[i].contains(id)
    }

    /// Records `id`, then forgets the slots that fell out of the window behind the newest one.
    /// An identity already older than the window is not recorded.
    public mutating func insert(_ id: EventID, at timestamp: Int64) {
        let start = Self.slotStart(timestamp)
        if let newest = starts.last, start < newest - Self.windowSeconds { return }
        if let i = index(of: start) {
            slots[i].insert(id)
            return
        }
        let position = starts.firstIndex { $0 > start } ?? starts.count
        starts.insert(start, at: position)
        slots.insert([id], at: position)
        let horizon = starts[starts.count - 1] - Self.windowSeconds
        if let kept = starts.firstIndex(where: { $0 >= horizon }), kept > 0 {
            starts.removeFirst(kept)
            slots.removeFirst(kept)
        }
    }

    /// Most events are the newest slot's: it is checked before the search.
    private func index(of start: Int64) -> Int? {
        if let last = starts.last, last == start { return starts.count - 1 }
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] < start { low = middle + 1 } else { high = middle }
        }
        return low < starts.count && starts[low] == start ? low : nil
    }

    /// Floor division, so times before 1970 get their own slots too.
    static func slotStart(_ timestamp: Int64) -> Int64 {
        let (quotient, remainder) = timestamp.quotientAndRemainder(dividingBy: slotSeconds)
        return (remainder < 0 ? quotient - 1 : quotient) * slotSeconds
    }
}
