import ChainIndexer
import DEXMath
import Market

/// The test side of the ABI: market events written as the logs a Uniswap v3 factory and pool
/// would emit, independently of the decoder under test.
enum LogEncoder {
    struct Log: Sendable, Hashable {
        var address: Address
        var topics: [Hash32]
        var data: [UInt8]
    }

    static func encode(_ event: MarketEvent, factory: Address, v2Factory: Address? = nil) -> Log? {
        switch event.payload {
        case .poolCreated(let e) where e.kind == .constantProduct:
            guard let v2Factory else { return nil }
            return Log(address: v2Factory, topics: [UniswapV2ABI.pairCreatedTopic, topic(e.token0), topic(e.token1)],
                       data: word(e.pool) + word(UInt256(UInt64(event.context.logIndex) + 1)))
        case .poolCreated(let e):
            guard let spacing = e.tickSpacing else { return nil }
            return Log(address: factory,
                       topics: [UniswapV3ABI.poolCreatedTopic, topic(e.token0), topic(e.token1), topic(UInt256(UInt64(e.fee)))],
                       data: word(signed: Int64(spacing)) + word(e.pool))
        case .initialize(let e):
            return Log(address: e.pool, topics: [UniswapV3ABI.initializeTopic], data: word(e.sqrtPriceX96) + word(signed: Int64(e.tick)))
        case .mint(let e):
            return Log(address: e.pool,
                       topics: [UniswapV3ABI.mintTopic, topic(e.owner), topic(signed: Int64(e.tickLower)), topic(signed: Int64(e.tickUpper))],
                       data: word(e.sender) + word(UInt256(e.amount)) + word(e.amount0) + word(e.amount1))
        case .burn(let e):
            return Log(address: e.pool,
                       topics: [UniswapV3ABI.burnTopic, topic(e.owner), topic(signed: Int64(e.tickLower)), topic(signed: Int64(e.tickUpper))],
                       data: word(UInt256(e.amount)) + word(e.amount0) + word(e.amount1))
        case .swap(let e):
            return Log(address: e.pool, topics: [UniswapV3ABI.swapTopic, topic(e.sender), topic(e.recipient)],
                       data: word(e.amount0.bitPattern) + word(e.amount1.bitPattern) + word(e.sqrtPriceX96) + word(UInt256(e.liquidity)) + word(signed: Int64(e.tick)))
        case .sync(let e):
            guard v2Factory != nil else { return nil }
            return Log(address: e.pool, topics: [UniswapV2ABI.syncTopic], data: word(e.reserve0) + word(e.reserve1))
        case .pairSwap(let e):
            guard v2Factory != nil else { return nil }
            return Log(address: e.pool, topics: [UniswapV2ABI.swapTopic, topic(e.sender), topic(e.recipient)],
                       data: word(e.amount0In) + word(e.amount1In) + word(e.amount0Out) + word(e.amount1Out))
        }
    }

    static func word(_ value: UInt256) -> [UInt8] {
        [value.w3, value.w2, value.w1, value.w0].flatMap { limb in (0..<8).reversed().map { UInt8(truncatingIfNeeded: limb >> (8 * UInt64($0))) } }
    }

    static func word(signed value: Int64) -> [UInt8] { word(Int256(value).bitPattern) }

    static func word(_ address: Address) -> [UInt8] { [UInt8](repeating: 0, count: 12) + address.bytes }

    static func topic(_ address: Address) -> Hash32 { Hash32(bytes: word(address))! }
    static func topic(_ value: UInt256) -> Hash32 { Hash32(bytes: word(value))! }
    static func topic(signed value: Int64) -> Hash32 { Hash32(bytes: word(signed: value))! }

    /// An ABI-encoded `string` return value.
    static func string(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        let padded = bytes + [UInt8](repeating: 0, count: (32 - bytes.count % 32) % 32)
        return word(UInt256(32)) + word(UInt256(UInt64(bytes.count))) + padded
    }
}
