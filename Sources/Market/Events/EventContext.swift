/// Where and when a chain event happened. `(chainId, txHash, logIndex)` identifies it: applying
/// the same identity twice within a day of event time changes nothing (`RecentEventIDs`).
public struct EventContext: Sendable, Hashable, Codable {
    public var chainId: UInt64
    public var blockNumber: UInt64
    public var blockHash: Hash32
    public var txHash: Hash32
    public var logIndex: UInt32
    /// Unix seconds of the block.
    public var timestamp: Int64

    public init(chainId: UInt64, blockNumber: UInt64, blockHash: Hash32, txHash: Hash32, logIndex: UInt32, timestamp: Int64) {
        self.chainId = chainId
        self.blockNumber = blockNumber
        self.blockHash = blockHash
        self.txHash = txHash
        self.logIndex = logIndex
        self.timestamp = timestamp
    }

    public var id: EventID { EventID(chainId: chainId, txHash: txHash, logIndex: logIndex) }
}

/// The identity of a chain event.
public struct EventID: Sendable, Hashable, Codable {
    public var chainId: UInt64
    public var txHash: Hash32
    public var logIndex: UInt32

    public init(chainId: UInt64, txHash: Hash32, logIndex: UInt32) {
        self.chainId = chainId
        self.txHash = txHash
        self.logIndex = logIndex
    }
}
