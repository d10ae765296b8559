import DEXMath
import Market

/// One pool swap inside a route.
public struct HopQuote: Sendable, Hashable {
    public var pool: Address
    public var tokenIn: Address
    public var tokenOut: Address
    public var fee: UInt32
    public var amountIn: UInt256
    public var amountOut: UInt256
    /// Nil for constant-product pools, which have no sqrt price.
    public var sqrtPriceX96After: UInt256?
    public var ticksCrossed: Int

    public init(pool: Address, tokenIn: Address, tokenOut: Address, fee: UInt32, amountIn: UInt256, amountOut: UInt256, sqrtPriceX96After: UInt256?, ticksCrossed: Int) {
        self.pool = pool
        self.tokenIn = tokenIn
        self.tokenOut = tokenOut
        self.fee = fee
        self.amountIn = amountIn
        self.amountOut = amountOut
        self.sqrtPriceX96After = sqrtPriceX96After
        self.ticksCrossed = ticksCrossed
    }
}

/// One path of a (possibly split) quote.
public struct RouteQuote: Sendable, Hashable {
    /// Share of the specified amount this route carries, in basis points; the routes sum to 10000.
    public var portionBps: Int
    public var amountIn: UInt256
    public var amountOut: UInt256
    public var hops: [HopQuote]

    public init(portionBps: Int, amountIn: UInt256, amountOut: UInt256, hops: [HopQuote]) {
        self.portionBps = portionBps
        self.amountIn = amountIn
        self.amountOut = amountOut
        self.hops = hops
    }
}

/// The router's answer. Amounts are exact: executing `routes` in order against the state at
/// `stateSequence` moves exactly these amounts.
public struct Quote: Sendable, Hashable {
    public var type: TradeType
    public var amountIn: UInt256
    public var amountOut: UInt256
    /// exactIn: the least output the caller should accept (amountOut less slippage).
    public var amountOutMin: UInt256?
    /// exactOut: the most input the caller should pay (amountIn plus slippage).
    public var amountInMax: UInt256?
    /// How far the execution price falls short of the pools' mid prices, fees included.
    public var priceImpactBps: Int
    public var gasEstimate: UInt64
    /// gasEstimate × gas price, valued in the quote token (tokenOut for exactIn, tokenIn for exactOut).
    public var gasCostInQuoteToken: UInt256
    public var routes: [RouteQuote]
    public var stateSequence: UInt64

    public init(type: TradeType, amountIn: UInt256, amountOut: UInt256, amountOutMin: UInt256?, amountInMax: UInt256?,
                priceImpactBps: Int, gasEstimate: UInt64, gasCostInQuoteToken: UInt256, routes: [RouteQuote], stateSequence: UInt64) {
        self.type = type
        self.amountIn = amountIn
        self.amountOut = amountOut
        self.amountOutMin = amountOutMin
        self.amountInMax = amountInMax
        self.priceImpactBps = priceImpactBps
        self.gasEstimate = gasEstimate
        self.gasCostInQuoteToken = gasCostInQuoteToken
        self.routes = routes
        self.stateSequence = stateSequence
    }
}
