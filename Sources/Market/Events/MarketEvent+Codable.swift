import DEXMath

/// One flat JSON object per event: the context's fields, `"kind"`, and the payload's fields.
/// Flat so that a stored event reads like the log it came from.
extension MarketEvent: Codable {
    private enum CodingKeys: String, CodingKey { case kind }

    public init(from decoder: any Decoder) throws {
        let context = try EventContext(from: decoder)
        let kind = try decoder.container(keyedBy: CodingKeys.self).decode(Kind.self, forKey: .kind)
        let payload: Payload = switch kind {
        case .poolCreated: .poolCreated(try PoolCreated(from: decoder))
        case .initialize: .initialize(try Initialize(from: decoder))
        case .mint: .mint(try Mint(from: decoder))
        case .burn: .burn(try Burn(from: decoder))
        case .swap: .swap(try Swap(from: decoder))
        case .sync: .sync(try Sync(from: decoder))
        case .pairSwap: .pairSwap(try PairSwap(from: decoder))
        }
        self.init(context: context, payload: payload)
    }

    public func encode(to encoder: any Encoder) throws {
        try context.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch payload {
        case .poolCreated(let e): try e.encode(to: encoder)
        case .initialize(let e): try e.encode(to: encoder)
        case .mint(let e): try e.encode(to: encoder)
        case .burn(let e): try e.encode(to: encoder)
        case .swap(let e): try e.encode(to: encoder)
        case .sync(let e): try e.encode(to: encoder)
        case .pairSwap(let e): try e.encode(to: encoder)
        }
    }
}

extension MarketEvent.Mint: Codable {
    private enum CodingKeys: String, CodingKey { case pool, sender, owner, tickLower, tickUpper, amount, amount0, amount1 }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(pool: try c.decode(Address.self, forKey: .pool), sender: try c.decode(Address.self, forKey: .sender),
                  owner: try c.decode(Address.self, forKey: .owner),
                  tickLower: try c.decodeInteger(Int32.self, forKey: .tickLower), tickUpper: try c.decodeInteger(Int32.self, forKey: .tickUpper),
                  amount: try c.decode(DecimalUInt128.self, forKey: .amount).value,
                  amount0: try c.decode(UInt256.self, forKey: .amount0), amount1: try c.decode(UInt256.self, forKey: .amount1))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pool, forKey: .pool)
        try c.encode(sender, forKey: .sender)
        try c.encode(owner, forKey: .owner)
        try c.encode(tickLower, forKey: .tickLower)
        try c.encode(tickUpper, forKey: .tickUpper)
        try c.encode(DecimalUInt128(amount), forKey: .amount)
        try c.encode(amount0, forKey: .amount0)
        try c.encode(amount1, forKey: .amount1)
    }
}

extension MarketEvent.Burn: Codable {
    private enum CodingKeys: String, CodingKey { case pool, owner, tickLower, tickUpper, amount, amount0, amount1 }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(pool: try c.decode(Address.self, forKey: .pool), owner: try c.decode(Address.self, forKey: .owner),
                  tickLower: try c.decodeInteger(Int32.self, forKey: .tickLower), tickUpper: try c.decodeInteger(Int32.self, forKey: .tickUpper),
                  amount: try c.decode(DecimalUInt128.self, forKey: .amount).value,
                  amount0: try c.decode(UInt256.self, forKey: .amount0), amount1: try c.decode(UInt256.self, forKey: .amount1))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pool, forKey: .pool)
        try c.encode(owner, forKey: .owner)
        try c.encode(tickLower, forKey: .tickLower)
        try c.encode(tickUpper, forKey: .tickUpper)
        try c.encode(DecimalUInt128(amount), forKey: .amount)
        try c.encode(amount0, forKey: .amount0)
        try c.encode(amount1, forKey: .amount1)
    }
}

extension MarketEvent.Swap: Codable {
    private enum CodingKeys: String, CodingKey { case pool, sender, recipient, amount0, amount1, sqrtPriceX96, liquidity, tick }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(pool: try c.decode(Address.self, forKey: .pool), sender: try c.decode(Address.self, forKey: .sender),
                  recipient: try c.decode(Address.self, forKey: .recipient),
                  amount0: try c.decode(Int256.self, forKey: .amount0), amount1: try c.decode(Int256.self, forKey: .amount1),
                  sqrtPriceX96: try c.decode(UInt256.self, forKey: .sqrtPriceX96),
                  liquidity: try c.decode(DecimalUInt128.self, forKey: .liquidity).value,
                  tick: try c.decodeInteger(Int32.self, forKey: .tick))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pool, forKey: .pool)
        try c.encode(sender, forKey: .sender)
        try c.encode(recipient, forKey: .recipient)
        try c.encode(amount0, forKey: .amount0)
        try c.encode(amount1, forKey: .amount1)
        try c.encode(sqrtPriceX96, forKey: .sqrtPriceX96)
        try c.encode(DecimalUInt128(liquidity), forKey: .liquidity)
        try c.encode(tick, forKey: .tick)
    }
}
