import Market

/// A log as `eth_getLogs` returns it, every field checked. Parsing is separate from decoding the
/// event so a provider's malformed answer and an unexpected event are told apart.
public struct EthLog: Sendable, Hashable {
    public var address: Address
    public var topics: [Hash32]
    public var data: [UInt8]
    public var blockNumber: UInt64
    public var blockHash: Hash32
    public var transactionHash: Hash32
    public var logIndex: UInt32
    /// Set by providers for logs of blocks that left the canonical chain.
    public var removed: Bool

    public init(address: Address, topics: [Hash32], data: [UInt8], blockNumber: UInt64, blockHash: Hash32,
                transactionHash: Hash32, logIndex: UInt32, removed: Bool = false) {
        self.address = address
        self.topics = topics
        self.data = data
        self.blockNumber = blockNumber
        self.blockHash = blockHash
        self.transactionHash = transactionHash
        self.logIndex = logIndex
        self.removed = removed
    }
}

extension EthLog: Decodable {
    private enum CodingKeys: String, CodingKey { case address, topics, data, blockNumber, blockHash, transactionHash, logIndex, removed }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func fail(_ key: CodingKeys, _ text: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "log.\(key.stringValue) is malformed: \"\(text.prefix(80))\"")
        }
        let address = try c.decode(String.self, forKey: .address)
        guard let parsedAddress = Address(address) else { throw fail(.address, address) }
        self.address = parsedAddress
        let topics = try c.decode([String].self, forKey: .topics)
        self.topics = try topics.map { text in
            guard let topic = Hash32(text), text.hasPrefix("0x") else { throw fail(.topics, text) }
            return topic
        }
        let data = try c.decode(String.self, forKey: .data)
        guard let bytes = Hex.bytes(data) else { throw fail(.data, data) }
        self.data = bytes
        let number = try c.decode(String.self, forKey: .blockNumber)
        guard let blockNumber = Hex.quantity(number) else { throw fail(.blockNumber, number) }
        self.blockNumber = blockNumber
        let blockHash = try c.decode(String.self, forKey: .blockHash)
        guard let parsedBlockHash = Hash32(blockHash) else { throw fail(.blockHash, blockHash) }
        self.blockHash = parsedBlockHash
        let tx = try c.decode(String.self, forKey: .transactionHash)
        guard let parsedTx = Hash32(tx) else { throw fail(.transactionHash, tx) }
        self.transactionHash = parsedTx
        let index = try c.decode(String.self, forKey: .logIndex)
        guard let logIndex = Hex.quantity(index), let narrow = UInt32(exactly: logIndex) else { throw fail(.logIndex, index) }
        self.logIndex = narrow
        self.removed = try c.decodeIfPresent(Bool.self, forKey: .removed) ?? false
    }
}
