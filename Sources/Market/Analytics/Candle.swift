import DEXMath

/// The chart intervals the API serves.
public enum CandleInterval: String, Sendable, CaseIterable, Codable {
    case oneMinute = "1m"
    case fiveMinutes = "5m"
    case oneHour = "1h"
    case oneDay = "1d"

    public var seconds: Int64 {
        switch self {
        case .oneMinute: 60
        case .fiveMinutes: 300
        case .oneHour: 3600
        case .oneDay: 86400
        }
    }

    public func bucket(of timestamp: Int64) -> Int64 {
        timestamp - ((timestamp % seconds) + seconds) % seconds
    }
}

/// One OHLCV bucket of a pool's price (token1 per token0, whole tokens) and volume.
public struct Candle: Sendable, Hashable {
    /// Unix seconds of the bucket's start.
    public var time: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume0: UInt256
    public var volume1: UInt256
    public var volumeUsd: Double
    public var trades: Int

    public init(time: Int64, open: Double, high: Double, low: Double, close: Double, volume0: UInt256, volume1: UInt256, volumeUsd: Double, trades: Int) {
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume0 = volume0
        self.volume1 = volume1
        self.volumeUsd = volumeUsd
        self.trades = trades
    }

    init(time: Int64, open: Double) {
        self.time = time
        self.open = open
        high = open
        low = open
        close = open
        volume0 = .zero
        volume1 = .zero
        volumeUsd = 0
        trades = 0
    }

    mutating func add(price: Double, volume0: UInt256, volume1: UInt256, volumeUsd: Double) {
        high = max(high, price)
        low = min(low, price)
        close = price
        self.volume0 = (try? self.volume0 + volume0) ?? .max
        self.volume1 = (try? self.volume1 + volume1) ?? .max
        self.volumeUsd += volumeUsd
        trades += 1
    }
}

/// A pool's candles at one interval, oldest first, keeping the newest `limit`.
struct CandleSeries: Sendable {
    let interval: CandleInterval
    let limit: Int
    private(set) var candles: [Candle] = []

    init(interval: CandleInterval, limit: Int) {
        self.interval = interval
        self.limit = limit
    }

    /// Adds a trade at `timestamp`; `previousPrice` opens a new bucket. Returns the bucket.
    mutating func add(timestamp: Int64, previousPrice: Double, price: Double, volume0: UInt256, volume1: UInt256, volumeUsd: Double) -> Candle {
        let time = interval.bucket(of: timestamp)
        if candles.last?.time != time {
            candles.append(Candle(time: time, open: candles.last?.close ?? previousPrice))
            if candles.count > limit { candles.removeFirst(candles.count - limit) }
        }
        candles[candles.count - 1].add(price: price, volume0: volume0, volume1: volume1, volumeUsd: volumeUsd)
        return candles[candles.count - 1]
    }

    /// Puts back a stored candle; candles must come oldest first.
    mutating func restore(_ candle: Candle) {
        if candles.last?.time == candle.time { candles[candles.count - 1] = candle } else { candles.append(candle) }
        if candles.count > limit { candles.removeFirst(candles.count - limit) }
    }

    func range(from: Int64, to: Int64) -> ArraySlice<Candle> {
        let start = candles.partitionPoint { $0.time < from }
        let end = candles.partitionPoint { $0.time <= to }
        return candles[start..<max(start, end)]
    }
}

extension Array {
    /// The first index whose element fails `belongsBefore` (elements must be partitioned).
    func partitionPoint(_ belongsBefore: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if belongsBefore(self[mid]) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
