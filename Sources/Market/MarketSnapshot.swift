/// A pool with its identity: where it lives and which tokens it pairs (token0 < token1).
public struct MarketPool: Sendable, Hashable {
    public var address: Address
    public var token0: Address
    public var token1: Address
    public var state: Pool

    public init(address: Address, token0: Address, token1: Address, state: Pool) {
        self.address = address
        self.token0 = token0
        self.token1 = token1
        self.state = state
    }
}

/// The whole market at one `sequence` (ARCHITECTURE.md's snapshot format): what the backend
/// serves on /internal/v1/state and the router loads from a state file. A change feed uses the
/// same shape holding only the pools that changed.
public struct MarketSnapshot: Sendable, Hashable {
    public var chainId: UInt64
    public var sequence: UInt64
    public var tokens: [Token]
    public var pools: [MarketPool]

    public init(chainId: UInt64, sequence: UInt64, tokens: [Token], pools: [MarketPool]) {
        self.chainId = chainId
        self.sequence = sequence
        self.tokens = tokens
        self.pools = pools
    }
}

extension MarketPool: Codable {
    enum CodingKeys: String, CodingKey { case address, token0, token1 }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        address = try c.decode(Address.self, forKey: .address)
        token0 = try c.decode(Address.self, forKey: .token0)
        token1 = try c.decode(Address.self, forKey: .token1)
        guard token0 < token1 else {
            throw DecodingError.dataCorruptedError(forKey: .token1, in: c, debugDescription: "token0 must sort below token1 by address")
        }
        state = try Pool(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(address, forKey: .address)
        try state.encode(to: encoder)
        try c.encode(token0, forKey: .token0)
        try c.encode(token1, forKey: .token1)
    }
}

extension MarketSnapshot: Codable {
    enum CodingKeys: String, CodingKey { case chainId, sequence, tokens, pools }

    /// Every pool's tokens must be listed: a pool the router cannot name a token for is unusable.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        chainId = try c.decodeInteger(UInt64.self, forKey: .chainId)
        sequence = try c.decodeInteger(UInt64.self, forKey: .sequence)
        tokens = try c.decode([Token].self, forKey: .tokens)
        pools = try c.decode([MarketPool].self, forKey: .pools)
        let listed = Set(tokens.map(\.address))
        for (i, pool) in pools.enumerated() where !listed.contains(pool.token0) || !listed.contains(pool.token1) {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [CodingKeys.pools, IndexKey(i)],
                                                    debugDescription: "pool \(pool.address) references a token missing from tokens"))
        }
    }
}

struct IndexKey: CodingKey {
    var stringValue: String { String(intValue!) }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}
