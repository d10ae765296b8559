import DEXMath
import Market

/// Why a quote or simulation was refused. `code` is the error envelope's code; the service maps
/// `isClientError` cases to 4xx.
public enum RoutingError: Error, Equatable, Sendable {
    /// The field names a token the graph does not know.
    case unknownToken(field: String, address: Address)
    case unknownPool(field: String, address: Address)
    case invalidAmount(String)
    case invalidParameter(field: String, message: String)
    /// No path of at most maxHops pools connects the tokens.
    case noRoute
    /// Paths exist but none can fill the amount.
    case insufficientLiquidity
    /// Exact input so small that no path could pay out one unit of tokenOut for it, whatever
    /// its liquidity: the amount must grow, not shrink.
    case amountTooSmall
    /// A simulated path's pool does not trade the token arriving at it.
    case poolDoesNotTrade(pool: Address, token: Address)
    /// The exact math refused a simulated swap.
    case swapFailed(pool: Address, error: DEXMathError)
    /// No state loaded yet.
    case stateNotReady

    public var code: String {
        switch self {
        case .unknownToken: "INVALID_TOKEN"
        case .unknownPool: "INVALID_POOL"
        case .invalidAmount: "INVALID_AMOUNT"
        case .invalidParameter: "INVALID_PARAMETER"
        case .noRoute: "NO_ROUTE"
        case .insufficientLiquidity: "INSUFFICIENT_LIQUIDITY"
        case .amountTooSmall: "AMOUNT_TOO_SMALL"
        case .poolDoesNotTrade: "INVALID_PATH"
        case .swapFailed(_, let error): error == .insufficientLiquidity ? "INSUFFICIENT_LIQUIDITY" : "SWAP_FAILED"
        case .stateNotReady: "STATE_NOT_READY"
        }
    }

    public var message: String {
        switch self {
        case .unknownToken(let field, let address): "\(field): no pool in the graph trades token \(address)"
        case .unknownPool(let field, let address): "\(field): no pool \(address) in the graph"
        case .invalidAmount(let message): message
        case .invalidParameter(_, let message): message
        case .noRoute: "no route connects these tokens within the hop limit"
        case .insufficientLiquidity: "no route has the liquidity to fill this amount"
        case .amountTooSmall: "amount is too small: no route pays out a whole unit of tokenOut for it"
        case .poolDoesNotTrade(let pool, let token): "pool \(pool) does not trade \(token)"
        case .swapFailed(let pool, let error): "swap through \(pool) failed: \(error.message)"
        case .stateNotReady: "the router has not loaded a market state yet"
        }
    }

    /// Field-level details for the error envelope.
    public var details: [String: String] {
        switch self {
        case .unknownToken(let field, let address): ["field": field, "address": address.checksummed]
        case .unknownPool(let field, let address): ["field": field, "address": address.checksummed]
        case .invalidAmount, .amountTooSmall: ["field": "amount"]
        case .invalidParameter(let field, _): ["field": field]
        case .poolDoesNotTrade(let pool, let token): ["pool": pool.checksummed, "token": token.checksummed]
        case .swapFailed(let pool, let error): ["pool": pool.checksummed, "reason": error.code]
        case .noRoute, .insufficientLiquidity, .stateNotReady: [:]
        }
    }
}
