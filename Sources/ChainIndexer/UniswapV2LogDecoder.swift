import DEXMath
import Market

/// Uniswap v2 factory and pair logs as market events. A v2 factory's pairs all charge the same
/// fee, which the logs do not carry: it is the deployment's `V2_FEE` (3000 = 0.30 % for
/// Uniswap v2 itself).
public enum UniswapV2LogDecoder {
    public static func decode(_ log: EthLog, fee: UInt32) throws(ABIDecodingError) -> MarketEvent.Payload {
        guard let topic0 = log.topics.first else { throw .topicCount(event: "log", expected: 1, got: 0) }
        switch topic0 {
        case UniswapV2ABI.pairCreatedTopic:
            // PairCreated(address indexed token0, address indexed token1, address pair, uint256 allPairsLength)
            let (topics, words) = try layout(log, event: "PairCreated", topics: 3, words: 2)
            let token0 = try read("PairCreated", "token0", "address", topics[1].address)
            let token1 = try read("PairCreated", "token1", "address", topics[2].address)
            let pair = try read("PairCreated", "pair", "address", words[0].address)
            return .poolCreated(.init(pool: pair, kind: .constantProduct, token0: token0, token1: token1, fee: fee, tickSpacing: nil))
        case UniswapV2ABI.syncTopic:
            // Sync(uint112 reserve0, uint112 reserve1)
            let (_, words) = try layout(log, event: "Sync", topics: 1, words: 2)
            let reserve0 = try read("Sync", "reserve0", "uint112", words[0].unsigned(bits: 112))
            let reserve1 = try read("Sync", "reserve1", "uint112", words[1].unsigned(bits: 112))
            return .sync(.init(pool: log.address, reserve0: reserve0, reserve1: reserve1))
        case UniswapV2ABI.swapTopic:
            // Swap(address indexed sender, uint amount0In, uint amount1In, uint amount0Out, uint amount1Out, address indexed to)
            let (topics, words) = try layout(log, event: "PairSwap", topics: 3, words: 4)
            let sender = try read("PairSwap", "sender", "address", topics[1].address)
            let to = try read("PairSwap", "to", "address", topics[2].address)
            return .pairSwap(.init(pool: log.address, sender: sender, recipient: to, amount0In: words[0].uint256, amount1In: words[1].uint256,
                                   amount0Out: words[2].uint256, amount1Out: words[3].uint256))
        default:
            throw .unknownTopic(topic0.description)
        }
    }

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
