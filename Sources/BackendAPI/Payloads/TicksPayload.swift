import DEXMath
import Market

/// `GET /v1/pools/{address}/ticks`: the initialized ticks and the liquidity between them.
struct TicksPayload: Encodable, Sendable {
    struct TickRow: Encodable, Sendable {
        var index: Int32
        var liquidityNet: String
        var liquidityGross: String
        var price: Double
    }

    struct Range: Encodable, Sendable {
        var tickLower: Int32
        var tickUpper: Int32
        var priceLower: Double
        var priceUpper: Double
        var liquidity: String
    }

    var pool: String
    var tick: Int32?
    var sqrtPriceX96: String?
    var liquidity: String?
    var ticks: [TickRow] = []
    var distribution: [Range] = []

    init(_ record: PoolRecord, view: MarketView) {
        pool = record.address.checksummed
        guard case .concentrated(let state) = record.state,
              let token0 = view.token(record.token0), let token1 = view.token(record.token1) else { return }
        tick = state.tick
        sqrtPriceX96 = state.sqrtPriceX96.description
        liquidity = String(state.liquidity)
        func price(_ tick: Int32) -> Double {
            Display.price(DisplayNumbers.price(sqrtPriceX96: (try? TickMath.sqrtPriceAtTick(tick)) ?? .zero,
                                               decimals0: token0.decimals, decimals1: token1.decimals))
        }
        ticks = state.ticks.map { TickRow(index: $0.index, liquidityNet: String($0.liquidityNet), liquidityGross: String($0.liquidityGross), price: price($0.index)) }
        var active: Int128 = 0
        for (index, info) in state.ticks.enumerated() where index + 1 < state.ticks.count {
            active += info.liquidityNet
            let upper = state.ticks[index + 1].index
            distribution.append(Range(tickLower: info.index, tickUpper: upper, priceLower: price(info.index), priceUpper: price(upper), liquidity: String(active)))
        }
    }
}

/// A position with its current token amounts and value.
struct PositionPayload: Encodable, Sendable {
    var pool: String
    var owner: String
    var tickLower: Int32
    var tickUpper: Int32
    var liquidity: String
    var amount0: String
    var amount1: String
    var token0: TokenRefPayload
    var token1: TokenRefPayload
    var valueUsd: Double?

    init?(key: PositionKey, liquidity: UInt128, view: MarketView) {
        guard let record = view.pool(key.pool), case .concentrated(let pool) = record.state,
              let token0 = view.token(record.token0), let token1 = view.token(record.token1),
              let amounts = try? PoolBalances.position(liquidity: liquidity, tickLower: key.tickLower, tickUpper: key.tickUpper, in: pool) else { return nil }
        self.pool = key.pool.checksummed
        owner = key.owner.checksummed
        tickLower = key.tickLower
        tickUpper = key.tickUpper
        self.liquidity = String(liquidity)
        amount0 = amounts.amount0.description
        amount1 = amounts.amount1.description
        self.token0 = TokenRefPayload(token0)
        self.token1 = TokenRefPayload(token1)
        if let p0 = view.priceUsd(record.token0), let p1 = view.priceUsd(record.token1) {
            valueUsd = Display.usd(DisplayNumbers.tokens(amounts.amount0, decimals: token0.decimals) * p0
                + DisplayNumbers.tokens(amounts.amount1, decimals: token1.decimals) * p1)
        }
    }
}
