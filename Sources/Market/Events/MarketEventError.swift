import DEXMath

/// Why an event could not be applied. The state is unchanged when one is thrown.
public enum MarketEventError: Error, Sendable, Hashable, CustomStringConvertible {
    case wrongChain(expected: UInt64, got: UInt64)
    case unknownToken(Address)
    case unknownPool(Address)
    case poolExists(Address)
    case tokensNotOrdered(pool: Address)
    case kindMismatch(pool: Address, event: MarketEvent.Kind)
    case notInitialized(Address)
    case alreadyInitialized(Address)
    case positionTooSmall(PositionKey, has: UInt128, burn: UInt128)
    case math(pool: Address, DEXMathError)

    public var description: String {
        switch self {
        case .wrongChain(let expected, let got): "event from chain \(got), this market is chain \(expected)"
        case .unknownToken(let token): "token \(token) is not registered; register its metadata before creating pools with it"
        case .unknownPool(let pool): "pool \(pool) was never created"
        case .poolExists(let pool): "pool \(pool) already exists"
        case .tokensNotOrdered(let pool): "pool \(pool): token0 must sort below token1"
        case .kindMismatch(let pool, let event): "pool \(pool) cannot take a \(event) event"
        case .notInitialized(let pool): "pool \(pool) is not initialized"
        case .alreadyInitialized(let pool): "pool \(pool) is already initialized"
        case .positionTooSmall(let key, let has, let burn): "position of \(key.owner) in \(key.pool) [\(key.tickLower), \(key.tickUpper)) holds \(has), cannot burn \(burn)"
        case .math(let pool, let error): "pool \(pool): \(error)"
        }
    }
}
