import Market

/// A WebSocket channel: `prices`, `pools`, `swaps`, `stats`, `pool:<address>` or
/// `candles:<address>:<interval>`.
enum ChannelName: Equatable {
    case prices, pools, swaps, stats
    case pool(Address)
    case candles(Address, CandleInterval)
    case invalid(String)

    init(_ text: String) {
        switch text {
        case "prices": self = .prices
        case "pools": self = .pools
        case "swaps": self = .swaps
        case "stats": self = .stats
        default:
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2, parts[0] == "pool", let address = Address(parts[1]) {
                self = .pool(address)
            } else if parts.count == 3, parts[0] == "candles", let address = Address(parts[1]), let interval = CandleInterval(rawValue: String(parts[2])) {
                self = .candles(address, interval)
            } else {
                self = .invalid(text)
            }
        }
    }

    var name: String {
        switch self {
        case .prices: "prices"
        case .pools: "pools"
        case .swaps: "swaps"
        case .stats: "stats"
        case .pool(let address): "pool:\(address.checksummed)"
        case .candles(let address, let interval): "candles:\(address.checksummed):\(interval.rawValue)"
        case .invalid(let text): text
        }
    }

    func rejection(in view: MarketView) -> String? {
        switch self {
        case .prices, .pools, .swaps, .stats: nil
        case .pool(let address), .candles(let address, _):
            view.pool(address) == nil ? "no pool at \(address.checksummed)" : nil
        case .invalid(let text):
            "unknown channel \"\(text.prefix(100))\": use prices, pools, swaps, stats, pool:<address> or candles:<address>:<1m|5m|1h|1d>"
        }
    }
}
