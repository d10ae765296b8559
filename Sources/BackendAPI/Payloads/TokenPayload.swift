import Market

/// A token as clients see it in pool rows and quotes.
struct TokenRefPayload: Encodable, Sendable {
    var address: String
    var symbol: String
    var name: String
    var decimals: UInt8

    init(_ token: Token) {
        address = token.address.checksummed
        symbol = token.symbol
        name = token.name ?? token.symbol
        decimals = token.decimals
    }
}

/// `GET /v1/tokens…`: metadata, USD price and the token's share of locked value and volume.
struct TokenPayload: Encodable, Sendable {
    var address: String
    var symbol: String
    var name: String
    var decimals: UInt8
    var priceUsd: Double?
    var tvlUsd: Double
    var volume24hUsd: Double

    init(_ token: Token, view: MarketView) {
        address = token.address.checksummed
        symbol = token.symbol
        name = token.name ?? token.symbol
        decimals = token.decimals
        priceUsd = Display.usdOrNil(view.priceUsd(token.address))
        var tvl = 0.0, volume = 0.0
        let price = view.priceUsd(token.address) ?? 0
        for record in view.livePools where record.token0 == token.address || record.token1 == token.address {
            guard let activity = view.activity(record.address) else { continue }
            let balance = record.token0 == token.address ? activity.balance0 : activity.balance1
            tvl += DisplayNumbers.tokens(balance, decimals: token.decimals) * price
            volume += activity.volume24hUsd
        }
        tvlUsd = Display.usd(tvl)
        volume24hUsd = Display.usd(volume)
    }
}
