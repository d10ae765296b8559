/// What makes a devnet market: the same configuration always yields the same events, byte for
/// byte. `startTime` is part of it, so a restarted backend that wants to replay the same chain
/// must start from the same `startTime` (e.g. stored with its checkpoint).
public struct DevnetConfiguration: Sendable, Hashable, Codable {
    public var seed: UInt64
    public var chainId: UInt64
    /// Average trader swaps per second (arbitrage comes on top); 0 makes a quiet market.
    public var swapsPerSecond: Double
    /// Unix seconds of the genesis block (pool creation and initial liquidity).
    public var startTime: Int64
    /// Seconds between blocks: Base produces one every 2 s.
    public var blockTime: Int64

    /// Base mainnet's genesis (block 0) timestamp: block numbers are the heights Base would have
    /// at the same time, so they look like Base's.
    public static let baseGenesisTimestamp: Int64 = 1_686_789_347

    public init(seed: UInt64 = 1, chainId: UInt64 = 8453, swapsPerSecond: Double = 2, startTime: Int64, blockTime: Int64 = 2) {
        self.seed = seed
        self.chainId = chainId
        self.swapsPerSecond = swapsPerSecond
        self.startTime = startTime
        self.blockTime = blockTime
    }

    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Limits that keep a typo from building a market that never finishes a block.
    public func validate() throws(Invalid) {
        guard swapsPerSecond.isFinite, swapsPerSecond >= 0, swapsPerSecond <= 10_000 else {
            throw Invalid(message: "swapsPerSecond must be between 0 and 10000 (got \(swapsPerSecond))")
        }
        guard blockTime >= 1, blockTime <= 3600 else { throw Invalid(message: "blockTime must be between 1 and 3600 seconds (got \(blockTime))") }
        guard startTime >= 0 else { throw Invalid(message: "startTime must not be negative (got \(startTime))") }
    }

    /// Expected trader swaps per block in thousandths: the rate as an integer, read once.
    var swapsPerBlockMilli: Int { Int((swapsPerSecond * Double(blockTime) * 1000).rounded()) }

    /// Height of the genesis block.
    var genesisBlockNumber: UInt64 {
        UInt64(max(1, (startTime - Self.baseGenesisTimestamp) / max(1, blockTime)))
    }
}
