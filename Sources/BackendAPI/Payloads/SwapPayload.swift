import Market

/// One swap (`/v1/pools/{address}/swaps`, `/v1/swaps`, the `swaps` channel).
struct SwapPayload: Encodable, Sendable {
    var pool: String
    var txHash: String
    var logIndex: UInt32
    var blockNumber: UInt64
    var timestamp: Int64
    var sender: String
    var recipient: String
    var amount0: String
    var amount1: String
    var sqrtPriceX96: String?
    var tick: Int32?
    var liquidity: String?
    var price: Double
    var amountUsd: Double?
    var sequence: UInt64

    init(_ swap: SwapRecord) {
        pool = swap.pool.checksummed
        txHash = swap.txHash.description
        logIndex = swap.logIndex
        blockNumber = swap.blockNumber
        timestamp = swap.timestamp
        sender = swap.sender.checksummed
        recipient = swap.recipient.checksummed
        amount0 = swap.amount0.description
        amount1 = swap.amount1.description
        sqrtPriceX96 = swap.sqrtPriceX96?.description
        tick = swap.tick
        liquidity = swap.liquidity.map { String($0) }
        price = Display.price(swap.price)
        amountUsd = Display.usdOrNil(swap.amountUsd)
        sequence = swap.sequence
    }
}
