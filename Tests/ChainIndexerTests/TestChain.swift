import ChainIndexer
import DEXMath
import Market

/// A chain as the test node serves it: blocks with hashes, parents, timestamps and raw logs.
/// Built from market events (their contexts say block, transaction and log index), so the
/// logs are exactly the devnet's events written as Ethereum logs.
struct TestChain: Sendable {
    struct RawLog: Sendable, Hashable {
        var address: String
        var topics: [String]
        var data: String
        var transactionHash: String
        var logIndex: String
    }

    struct Block: Sendable, Hashable {
        var number: UInt64
        var hash: Hash32
        var parentHash: Hash32
        var timestamp: Int64
        var logs: [RawLog]
    }

    let chainId: UInt64
    let factory: Address
    private(set) var blocks: [Block]

    var head: UInt64 { blocks.last?.number ?? 0 }

    init(chainId: UInt64, factory: Address, blocks: [Block]) {
        self.chainId = chainId
        self.factory = factory
        self.blocks = blocks
    }

    func block(_ number: UInt64) -> Block? {
        guard let first = blocks.first, number >= first.number, number - first.number < UInt64(blocks.count) else { return nil }
        return blocks[Int(number - first.number)]
    }

    /// Block `number` with the logs of `events` (each event's context gives its transaction and log index).
    static func block(number: UInt64, hash: Hash32, parentHash: Hash32, timestamp: Int64, events: [MarketEvent], factory: Address,
                      v2Factory: Address? = nil) -> Block {
        let logs = events.compactMap { event -> RawLog? in
            guard let log = LogEncoder.encode(event, factory: factory, v2Factory: v2Factory) else { return nil }
            return RawLog(address: log.address.lowercaseHex, topics: log.topics.map(\.description), data: hex(log.data),
                          transactionHash: event.context.txHash.description, logIndex: "0x" + String(event.context.logIndex, radix: 16))
        }
        return Block(number: number, hash: hash, parentHash: parentHash, timestamp: timestamp, logs: logs)
    }

    /// Replaces every block from `number` on with `replacement` (a reorganisation).
    mutating func reorganise(from number: UInt64, to replacement: [Block]) {
        blocks.removeAll { $0.number >= number }
        blocks += replacement
    }

    mutating func append(_ block: Block) { blocks.append(block) }

    mutating func mutateLogs(ofBlock number: UInt64, _ change: (inout [RawLog]) -> Void) {
        guard let index = blocks.firstIndex(where: { $0.number == number }) else { return }
        change(&blocks[index].logs)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        "0x" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

extension Hash32 {
    /// A deterministic test hash.
    static func test(_ label: String) -> Hash32 { .keccak(Array(label.utf8)) }
}
