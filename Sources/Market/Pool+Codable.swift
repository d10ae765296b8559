import DEXMath

// The pool fields of the snapshot format (ARCHITECTURE.md): small integers as JSON numbers,
// amounts, prices and liquidity as decimal strings. Decoding validates the state, so a decoded
// pool is always one the swap math can run on.

extension Pool: Codable {
    enum CodingKeys: String, CodingKey { case kind }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .concentrated: self = .concentrated(try ConcentratedPool(from: decoder))
        case .constantProduct: self = .constantProduct(try ConstantProductPool(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .concentrated(let pool): try pool.encode(to: encoder)
        case .constantProduct(let pool): try pool.encode(to: encoder)
        }
    }
}

extension ConcentratedPool: Codable {
    enum CodingKeys: String, CodingKey { case fee, tickSpacing, sqrtPriceX96, tick, liquidity, ticks }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let fee = try c.decodeInteger(UInt32.self, forKey: .fee)
        let tickSpacing = try c.decodeInteger(Int32.self, forKey: .tickSpacing)
        let sqrtPrice = try c.decode(UInt256.self, forKey: .sqrtPriceX96)
        let tick = try c.decodeInteger(Int32.self, forKey: .tick)
        let liquidity = try c.decode(DecimalUInt128.self, forKey: .liquidity).value
        let ticks = try c.decode([TickInfo].self, forKey: .ticks)
        do {
            try self.init(fee: fee, tickSpacing: tickSpacing, sqrtPriceX96: sqrtPrice, tick: tick, liquidity: liquidity, ticks: ticks)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error.message) (\(error.code))", underlyingError: error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fee, forKey: .fee)
        try c.encode(tickSpacing, forKey: .tickSpacing)
        try c.encode(sqrtPriceX96, forKey: .sqrtPriceX96)
        try c.encode(tick, forKey: .tick)
        try c.encode(DecimalUInt128(liquidity), forKey: .liquidity)
        try c.encode(ticks, forKey: .ticks)
    }
}

extension TickInfo: Codable {
    enum CodingKeys: String, CodingKey { case index, liquidityNet, liquidityGross }

    /// `liquidityGross` is optional: the snapshot carries only net, and gross defaults to |net|.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let index = try c.decodeInteger(Int32.self, forKey: .index)
        let net = try c.decode(DecimalInt128.self, forKey: .liquidityNet).value
        let gross = try c.decodeIfPresent(DecimalUInt128.self, forKey: .liquidityGross)?.value
        self.init(index: index, liquidityNet: net, liquidityGross: gross ?? net.magnitude)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(DecimalInt128(liquidityNet), forKey: .liquidityNet)
    }
}

extension ConstantProductPool: Codable {
    enum CodingKeys: String, CodingKey { case fee, reserve0, reserve1 }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let fee = try c.decodeInteger(UInt32.self, forKey: .fee)
        let reserve0 = try c.decode(UInt256.self, forKey: .reserve0)
        let reserve1 = try c.decode(UInt256.self, forKey: .reserve1)
        do {
            try self.init(fee: fee, reserve0: reserve0, reserve1: reserve1)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error.message) (\(error.code))", underlyingError: error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fee, forKey: .fee)
        try c.encode(reserve0, forKey: .reserve0)
        try c.encode(reserve1, forKey: .reserve1)
    }
}

/// A uint128 carried as a decimal string.
public struct DecimalUInt128: Codable, Sendable, Hashable {
    public var value: UInt128
    public init(_ value: UInt128) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = UInt256(text)?.exactUInt128 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an unsigned decimal integer string below 2^128, got \"\(text.prefix(80))\"")
        }
        self.value = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(value))
    }
}

/// An int128 carried as a decimal string.
public struct DecimalInt128: Codable, Sendable, Hashable {
    public var value: Int128
    public init(_ value: Int128) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Int256(text)?.exactInt128 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a signed decimal integer string within int128, got \"\(text.prefix(80))\"")
        }
        self.value = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(value))
    }
}
