import DEXMath
import Market

/// What a caller asks the router for. Validated on construction, so the engine can trust it.
public struct QuoteRequest: Sendable, Hashable {
    public static let maxHopsLimit = 4
    public static let maxSplitsLimit = 5
    public static let defaultSlippageBps: UInt32 = 50
    /// 10²⁴ wei (a million ETH) per gas unit: far above any real gas price, and low enough that
    /// a route's gas (a few billion units at the very most) times it, valued in any token, stays
    /// exact in 256 bits instead of saturating into a meaningless gasCostInQuoteToken.
    public static let maxGasPriceWei = UInt256(UInt64(1_000_000_000_000)) &* UInt256(UInt64(1_000_000_000_000))

    public var tokenIn: Address
    public var tokenOut: Address
    public var amount: UInt256
    public var type: TradeType
    public var slippageBps: UInt32
    public var maxHops: Int
    public var maxSplits: Int
    /// Nil: the engine's configured default.
    public var gasPriceWei: UInt256?

    public init(tokenIn: Address, tokenOut: Address, amount: UInt256, type: TradeType,
                slippageBps: UInt32 = defaultSlippageBps, maxHops: Int = 3, maxSplits: Int = 3,
                gasPriceWei: UInt256? = nil) throws(RoutingError) {
        guard tokenIn != tokenOut else { throw .invalidParameter(field: "tokenOut", message: "tokenOut must differ from tokenIn") }
        guard !amount.isZero else { throw .invalidAmount("amount must be greater than zero") }
        guard slippageBps <= 10_000 else { throw .invalidParameter(field: "slippageBps", message: "slippageBps must be between 0 and 10000") }
        guard (1...Self.maxHopsLimit).contains(maxHops) else {
            throw .invalidParameter(field: "maxHops", message: "maxHops must be between 1 and \(Self.maxHopsLimit)")
        }
        guard (1...Self.maxSplitsLimit).contains(maxSplits) else {
            throw .invalidParameter(field: "maxSplits", message: "maxSplits must be between 1 and \(Self.maxSplitsLimit)")
        }
        if let gasPriceWei, gasPriceWei > Self.maxGasPriceWei {
            throw .invalidParameter(field: "gasPriceWei", message: "gasPriceWei must be at most \(Self.maxGasPriceWei.decimalString) wei")
        }
        self.tokenIn = tokenIn
        self.tokenOut = tokenOut
        self.amount = amount
        self.type = type
        self.slippageBps = slippageBps
        self.maxHops = maxHops
        self.maxSplits = maxSplits
        self.gasPriceWei = gasPriceWei
    }
}
