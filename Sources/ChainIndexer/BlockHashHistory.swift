import Market

/// The hashes of recently indexed blocks, newest last, bounded: what the source compares with
/// the chain to find the common ancestor after a deep reorganisation.
struct BlockHashHistory: Sendable {
    let capacity: Int
    private(set) var entries: [IndexerCheckpoint] = []

    init(capacity: Int = 1024) {
        self.capacity = max(1, capacity)
    }

    mutating func record(_ block: IndexerCheckpoint) {
        if let last = entries.last, last.blockNumber >= block.blockNumber {
            guard last.blockNumber != block.blockNumber else { return }
            entries.removeAll { $0.blockNumber >= block.blockNumber }
        }
        entries.append(block)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }
}
