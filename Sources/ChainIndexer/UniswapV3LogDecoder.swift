import DEXMath
import Market

/// Turns Uniswap v3 factory and pool logs into market events. Every field is range-checked
/// against its Solidity type; a log that does not match its event's layout exactly is refused
/// with the field named.
public enum UniswapV3LogDecoder {
    public static func decode(_ log: EthLog) throws(ABIDecodingError) -> MarketEvent.Payload {
        guard let topic0 = log.topics.first else { throw .topicCount(event: "log", expected: 1, got: 0) }
        switch topic0 {
        case UniswapV3ABI.poolCreatedTopic: return .poolCreated(try poolCreated(log))
        case UniswapV3ABI.initializeTopic: return .initialize(try initialize(log))
        case UniswapV3ABI.mintTopic: return .mint(try mint(log))
        case UniswapV3ABI.burnTopic: return .burn(try burn(log))
        case UniswapV3ABI.swapTopic: return .swap(try swap(log))
        default: throw .unknownTopic(topic0.description)
        }
    }

    /// `PoolCreated(address indexed token0, address indexed token1, uint24 indexed fee, int24 tickSpacing, address pool)`
    static func poolCreated(_ log: EthLog) throws(ABIDecodingError) -> MarketEvent.PoolCreated {
        let (topics, words) = try layout(log, event: "PoolCreated", topics: 4, words: 2)
        let token0 = try read("PoolCreated", "token0", "address", topics[1].address)
        let token1 = try read("PoolCreated", "token1", "address", topics[2].address)
        let fee = try read("PoolCreated", "fee", "uint24", topics[3].uint32(bits: 24))
        let spacing = try read("PoolCreated", "tickSpacing", "int24", words[0].int32(bits: 24))
        let pool = try read("PoolCreated", "pool", "address", words[1].address)
        return MarketEvent.PoolCreated(pool: pool, kind: .concentrated, token0: token0, token1: token1, fee: fee, tickSpacing: spacing)
    }

    /// `Initialize(uint160 sqrtPriceX96, int24 tick)`
    static func initialize(_ log: EthLog) throws(ABIDecodingError) -> MarketEvent.Initialize {
        let (_, words) = try layout(log, event: "Initialize", topics: 1, words: 2)
        let price = try read("Initialize", "sqrtPriceX96", "uint160", words[0].unsigned(bits: 160))
        let tick = try read("Initialize", "tick", "int24", words[1].int32(bits: 24))
        return MarketEvent.Initialize(pool: log.address, sqrtPriceX96: price, tick: tick)
    }

    /// `Mint(address sender, address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)`
    static func mint(_ log: EthLog) throws(ABIDecodingError) -> MarketEvent.Mint {
        let (topics, words) = try layout(log, event: "Mint", topics: 4, words: 4)
        let owner = try read("Mint", "owner", "address", topics[1].address)
        let lower = try read("Mint", "tickLower", "int24", topics[2].int32(bits: 24))
        let upper = try read("Mint", "tickUpper", "int24", topics[3].int32(bits: 24))
        let sender = try read("Mint", "sender", "address", words[0].address)
        let amount = try read("Mint", "amount", "uint128", words[1].uint128)
        return MarketEvent.Mint(pool: log.address, sender: sender, owner: owner, tickLower: lower, tickUpper: upper,
                                amount: amount, amount0: words[2].uint256, amount1: words[3].uint256)
    }

    /// `Burn(address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)`
    static func burn(_ log: EthLog) throws(ABIDecodingError) -> MarketEvent.Burn {
        let (topics, words) = try layout(log, event: "Burn", topics: 4, words: 3)
        let owner = try read("Burn", "owner", "address", topics[1].address)
        let lower = try read("Burn", "tickLower", "int24", topics[2].int32(bits: 24))
        let upper = try read("Burn", "tickUpper", "int24", topics[3].int32(bits: 24))
        let amount = try read("Burn", "amount", "uint128", words[0].uint128)
        return MarketEvent.Burn(pool: log.address, owner: owner, tickLower: lower, tickUpper: upper,
                                amount: amount, amount0: words[1].uint256, amount1: words[2].uint256)
    }

    /// `Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)`
    static func swap(_ log: EthLog) throws(ABIDecodingError) -> MarketEvent.Swap {
        let (topics, words) = try layout(log, event: "Swap", topics: 3, words: 5)
        let sender = try read("Swap", "sender", "address", topics[1].address)
        let recipient = try read("Swap", "recipient", "address", topics[2].address)
        let price = try read("Swap", "sqrtPriceX96", "uint160", words[2].unsigned(bits: 160))
        let liquidity = try read("Swap", "liquidity", "uint128", words[3].uint128)
        let tick = try read("Swap", "tick", "int24", words[4].int32(bits: 24))
        return MarketEvent.Swap(pool: log.address, sender: sender, recipient: recipient,
                                amount0: Int256(bitPattern: words[0].uint256), amount1: Int256(bitPattern: words[1].uint256),
                                sqrtPriceX96: price, liquidity: liquidity, tick: tick)
    }

    /// Checks the topic count and the exact data length: Uniswap's events are all static types,
    /// so any other length means the log is not the event its topic0 claims.
    private static func layout(_ log: EthLog, event: String, topics: Int, words: Int) throws(ABIDecodingError) -> ([ABIWord], ABIWords) {
        guard log.topics.count == topics else { throw .topicCount(event: event, expected: topics, got: log.topics.count) }
        guard log.data.count == words * 32 else { throw .dataLength(event: event, expected: words * 32, got: log.data.count) }
        return (log.topics.map { ABIWord($0.bytes[...]) }, ABIWords(data: log.data))
    }

    private static func read<T>(_ event: String, _ field: String, _ type: String, _ value: T?) throws(ABIDecodingError) -> T {
        guard let value else { throw .outOfRange(event: event, field: field, type: type) }
        return value
    }
}
