import DEXMath
import Market

/// A pool row / detail (`GET /v1/pools…`, the `pools` and `pool:<address>` channels).
struct PoolPayload: Encodable, Sendable {
    var address: String
    var kind: String
    var token0: TokenRefPayload
    var token1: TokenRefPayload
    var fee: UInt32
    var tickSpacing: Int32?
    var sqrtPriceX96: String?
    var tick: Int32?
    var liquidity: String?
    var reserve0: String
    var reserve1: String
    var price: Double
    var tvlUsd: Double
    var volume24hUsd: Double
    var fees24hUsd: Double
    var apr: Double
    var volume24h0: String
    var volume24h1: String
    var swaps24h: Int
    var createdAt: Int64
    var sequence: UInt64

    init?(_ record: PoolRecord, view: MarketView) {
        guard let token0 = view.token(record.token0), let token1 = view.token(record.token1) else { return nil }
        let activity = view.activity(record.address)
        address = record.address.checksummed
        kind = record.kind.rawValue
        self.token0 = TokenRefPayload(token0)
        self.token1 = TokenRefPayload(token1)
        fee = record.fee
        tickSpacing = record.tickSpacing
        if case .concentrated(let pool) = record.state {
            sqrtPriceX96 = pool.sqrtPriceX96.description
            tick = pool.tick
            liquidity = String(pool.liquidity)
        }
        reserve0 = (activity?.balance0 ?? .zero).description
        reserve1 = (activity?.balance1 ?? .zero).description
        price = Display.price(activity?.price ?? 0)
        tvlUsd = Display.usd(activity?.tvlUsd ?? 0)
        volume24hUsd = Display.usd(activity?.volume24hUsd ?? 0)
        fees24hUsd = Display.usd(activity?.fees24hUsd ?? 0)
        apr = Display.usd(activity?.apr ?? 0)
        volume24h0 = (activity?.volume24h0 ?? .zero).description
        volume24h1 = (activity?.volume24h1 ?? .zero).description
        swaps24h = activity?.swaps24h ?? 0
        createdAt = record.createdAt
        sequence = record.lastSequence
    }
}
