import Market

/// The part of `eth_getBlockByNumber(n, false)` the indexer needs: the timestamp for event
/// contexts and the hashes that make the checkpoint and detect reorganisations.
public struct EthBlockHeader: Sendable, Hashable {
    public var number: UInt64
    public var hash: Hash32
    public var parentHash: Hash32
    public var timestamp: Int64

    public init(number: UInt64, hash: Hash32, parentHash: Hash32, timestamp: Int64) {
        self.number = number
        self.hash = hash
        self.parentHash = parentHash
        self.timestamp = timestamp
    }
}

extension EthBlockHeader: Decodable {
    private enum CodingKeys: String, CodingKey { case number, hash, parentHash, timestamp }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func fail(_ key: CodingKeys, _ text: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "block.\(key.stringValue) is malformed: \"\(text.prefix(80))\"")
        }
        let number = try c.decode(String.self, forKey: .number)
        guard let parsedNumber = Hex.quantity(number) else { throw fail(.number, number) }
        self.number = parsedNumber
        let hash = try c.decode(String.self, forKey: .hash)
        guard let parsedHash = Hash32(hash) else { throw fail(.hash, hash) }
        self.hash = parsedHash
        let parent = try c.decode(String.self, forKey: .parentHash)
        guard let parsedParent = Hash32(parent) else { throw fail(.parentHash, parent) }
        self.parentHash = parsedParent
        let timestamp = try c.decode(String.self, forKey: .timestamp)
        guard let seconds = Hex.quantity(timestamp), let signed = Int64(exactly: seconds) else { throw fail(.timestamp, timestamp) }
        self.timestamp = signed
    }
}
