import Market

/// One OHLCV bucket.
struct CandlePayload: Encodable, Sendable {
    var time: Int64
    var open: Double
    var high: Double
    var low: Double
    var close: Double
    var volume0: String
    var volume1: String
    var volumeUsd: Double
    var trades: Int

    init(_ candle: Candle) {
        time = candle.time
        open = Display.price(candle.open)
        high = Display.price(candle.high)
        low = Display.price(candle.low)
        close = Display.price(candle.close)
        volume0 = candle.volume0.description
        volume1 = candle.volume1.description
        volumeUsd = Display.usd(candle.volumeUsd)
        trades = candle.trades
    }
}

struct CandlesPayload: Encodable, Sendable {
    var pool: String
    var interval: String
    var candles: [CandlePayload]
}
