/// Every way the exact math can refuse an input. Each case mirrors a `require` or a checked
/// operation of the Uniswap contracts, so a caller learns precisely why the contract would revert.
public enum DEXMathError: Error, Equatable, Hashable, Sendable {
    /// A result does not fit its type (uint256, int256, uint160, uint128, int128).
    case overflow
    case divisionByZero
    /// |tick| > MAX_TICK (TickMath 'T').
    case tickOutOfRange
    /// sqrtPriceX96 outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO) (TickMath 'R').
    case sqrtPriceOutOfRange
    /// A price or liquidity of zero where the formula divides by it (SqrtPriceMath requires).
    case zeroSqrtPrice
    case zeroLiquidity
    /// The requested output exceeds what the liquidity in range can provide.
    case insufficientLiquidity
    /// Subtracting more liquidity than there is (LiquidityMath 'LS').
    case liquidityUnderflow
    /// Adding liquidity past uint128 (LiquidityMath 'LA').
    case liquidityOverflow
    /// A swap with amountSpecified == 0 (pool 'AS').
    case amountSpecifiedZero
    /// A price limit on the wrong side of the current price or outside the tick range (pool 'SPL').
    case priceLimitOutOfRange
    /// tickLower >= tickUpper, or a bound past MIN_TICK/MAX_TICK ('TLU', 'TLM', 'TUM').
    case invalidTickRange
    /// A position bound that is not a multiple of the pool's tick spacing.
    case tickNotOnSpacing
    /// Gross liquidity on one tick above the pool's per-tick maximum (Tick 'LO').
    case tickLiquidityExceeded
    /// Zero or otherwise unusable amount (v2 INSUFFICIENT_INPUT_AMOUNT / INSUFFICIENT_OUTPUT_AMOUNT, mint amount 0).
    case insufficientAmount
    /// Fee in hundredths of a basis point must be below 1_000_000.
    case invalidFee
    /// A pool whose stored fields contradict each other (tick spacing, tick outside its price, …).
    case invalidPoolState

    /// A stable, machine-readable code for error envelopes.
    public var code: String {
        switch self {
        case .overflow: "OVERFLOW"
        case .divisionByZero: "DIVISION_BY_ZERO"
        case .tickOutOfRange: "TICK_OUT_OF_RANGE"
        case .sqrtPriceOutOfRange: "SQRT_PRICE_OUT_OF_RANGE"
        case .zeroSqrtPrice: "ZERO_SQRT_PRICE"
        case .zeroLiquidity: "ZERO_LIQUIDITY"
        case .insufficientLiquidity: "INSUFFICIENT_LIQUIDITY"
        case .liquidityUnderflow: "LIQUIDITY_UNDERFLOW"
        case .liquidityOverflow: "LIQUIDITY_OVERFLOW"
        case .amountSpecifiedZero: "AMOUNT_SPECIFIED_ZERO"
        case .priceLimitOutOfRange: "PRICE_LIMIT_OUT_OF_RANGE"
        case .invalidTickRange: "INVALID_TICK_RANGE"
        case .tickNotOnSpacing: "TICK_NOT_ON_SPACING"
        case .tickLiquidityExceeded: "TICK_LIQUIDITY_EXCEEDED"
        case .insufficientAmount: "INSUFFICIENT_AMOUNT"
        case .invalidFee: "INVALID_FEE"
        case .invalidPoolState: "INVALID_POOL_STATE"
        }
    }

    public var message: String {
        switch self {
        case .overflow: "the result does not fit its integer type"
        case .divisionByZero: "division by zero"
        case .tickOutOfRange: "tick is outside [-887272, 887272]"
        case .sqrtPriceOutOfRange: "sqrtPriceX96 is outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO)"
        case .zeroSqrtPrice: "sqrtPriceX96 must be greater than zero"
        case .zeroLiquidity: "liquidity must be greater than zero"
        case .insufficientLiquidity: "the pool's liquidity cannot provide this amount"
        case .liquidityUnderflow: "liquidity would fall below zero"
        case .liquidityOverflow: "liquidity would exceed 2^128 - 1"
        case .amountSpecifiedZero: "amountSpecified must not be zero"
        case .priceLimitOutOfRange: "sqrtPriceLimitX96 must lie beyond the current price in the swap's direction and inside the tick range"
        case .invalidTickRange: "tickLower must be below tickUpper, both within [-887272, 887272]"
        case .tickNotOnSpacing: "ticks must be multiples of the pool's tick spacing"
        case .tickLiquidityExceeded: "gross liquidity on a tick would exceed the pool's per-tick maximum"
        case .insufficientAmount: "the amount must be greater than zero"
        case .invalidFee: "fee must be below 1000000 (hundredths of a basis point)"
        case .invalidPoolState: "the pool's fields are inconsistent"
        }
    }
}

extension DEXMathError: CaseIterable {}
