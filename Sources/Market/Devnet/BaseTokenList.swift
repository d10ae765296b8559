/// The tokens the devnet market trades: real Base mainnet (chain 8453) ERC-20s at their real
/// addresses and decimals, each address confirmed against at least two independent public
/// sources (token lists, lending-market configs, explorers' labels). The USD figures are round
/// reference prices the simulation starts from, not quotes: display parameters only.
public enum BaseTokenList {
    /// How a token's fair price moves in the simulation.
    public enum PriceModel: Sendable, Hashable {
        /// The unit of account: fixed at its reference price.
        case numeraire
        /// A USD stablecoin: wobbles a few hundredths of a percent around its peg.
        case usdPegged
        /// A liquid-staking or wrapped ETH token: follows WETH at a fixed exchange rate, with a wobble.
        case ethPegged
        /// A freely floating asset; `volatility` is the step of its random walk in ticks per block
        /// (one tick is 0.01 %), so about `volatility`·√43200 ticks a day.
        case floating(volatility: Int)
    }

    public struct Entry: Sendable, Hashable {
        public var token: Token
        /// USD per whole token the simulation starts at (display parameter, not state).
        public var referenceUsd: Double
        public var isUSDStablecoin: Bool
        public var priceModel: PriceModel

        public init(token: Token, referenceUsd: Double, isUSDStablecoin: Bool, priceModel: PriceModel) {
            self.token = token
            self.referenceUsd = referenceUsd
            self.isUSDStablecoin = isUSDStablecoin
            self.priceModel = priceModel
        }

        public var address: Address { token.address }
        public var symbol: String { token.symbol }
        public var decimals: UInt8 { token.decimals }
    }

    private static func entry(_ address: String, _ symbol: String, _ name: String, _ decimals: UInt8,
                              usd: Double, stable: Bool = false, _ model: PriceModel) -> Entry {
        guard let parsed = Address(address) else { preconditionFailure("malformed address in the Base token list: \(address)") }
        return Entry(token: Token(address: parsed, symbol: symbol, decimals: decimals, name: name),
                     referenceUsd: usd, isUSDStablecoin: stable, priceModel: model)
    }

    /// Hubs first (the order pools and displays list them by), then the long tail.
    public static let all: [Entry] = [
        entry("0x4200000000000000000000000000000000000006", "WETH", "Wrapped Ether", 18, usd: 3000, .floating(volatility: 1)),
        entry("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "USDC", "USD Coin", 6, usd: 1, stable: true, .numeraire),
        entry("0xd9aAEc86B65D86f6A7B5B1b0c42FFA531710b6CA", "USDbC", "USD Base Coin", 6, usd: 1, stable: true, .usdPegged),
        entry("0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb", "DAI", "Dai Stablecoin", 18, usd: 1, stable: true, .usdPegged),
        entry("0xfde4C96c8593536E31F229EA8f37b2ADa2699bb2", "USDT", "Tether USD", 6, usd: 1, stable: true, .usdPegged),
        entry("0x2Ae3F1Ec7F1F5012CFEab0185bfc7aa3cf0DEc22", "cbETH", "Coinbase Wrapped Staked ETH", 18, usd: 3300, .ethPegged),
        entry("0xc1CBa3fCea344f92D9239c08C0568f6F2F0ee452", "wstETH", "Wrapped liquid staked Ether 2.0", 18, usd: 3570, .ethPegged),
        entry("0xB6fe221Fe9EeF5aBa221c348bA20A1Bf5e73624c", "rETH", "Rocket Pool ETH", 18, usd: 3390, .ethPegged),
        entry("0x04C0599Ae5A44757c0af6F9eC3b93da8976c150A", "weETH", "Wrapped eETH", 18, usd: 3190, .ethPegged),
        entry("0xcbB7C0000aB88B473b1f5aFd9ef808440eed33Bf", "cbBTC", "Coinbase Wrapped BTC", 8, usd: 95000, .floating(volatility: 1)),
        entry("0x940181a94A35A4569E4529A3CDfB74e38FD98631", "AERO", "Aerodrome", 18, usd: 1.0, .floating(volatility: 3)),
        entry("0x0b3e328455c4059EEb9e3f84b5543F74E24e7E1b", "VIRTUAL", "Virtual Protocol", 18, usd: 1.5, .floating(volatility: 4)),
        entry("0xA88594D404727625A9437C3f886C7643872296AE", "WELL", "Moonwell", 18, usd: 0.03, .floating(volatility: 3)),
        entry("0x4ed4E862860beD51a9570b96d89aF5E1B0Efefed", "DEGEN", "Degen", 18, usd: 0.005, .floating(volatility: 4)),
        entry("0x532f27101965dd16442E59d40670FaF5eBB142E4", "BRETT", "Brett", 18, usd: 0.05, .floating(volatility: 4)),
        entry("0xAC1Bd2486aAf3B5C0fc3Fd868558b082a531B2B4", "TOSHI", "Toshi", 18, usd: 0.0005, .floating(volatility: 5)),
    ]

    public static var tokens: [Token] { all.map(\.token) }

    public static func entry(symbol: String) -> Entry? { all.first { $0.symbol == symbol } }

    public static func entry(address: Address) -> Entry? { all.first { $0.address == address } }

    /// The USD stablecoins, which price everything else in USD.
    public static var usdStablecoins: [Address] { all.filter(\.isUSDStablecoin).map(\.address) }
}
