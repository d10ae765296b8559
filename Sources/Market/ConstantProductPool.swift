import DEXMath

/// A Uniswap-v2-style x·y = k pool: two reserves and a fee taken from the input.
public struct ConstantProductPool: Sendable, Hashable {
    /// Fee in hundredths of a basis point (3000 = 0.30 %, the v2 fee).
    public let fee: UInt32
    public private(set) var reserve0: UInt256
    public private(set) var reserve1: UInt256

    /// v2 pairs store reserves as uint112 and revert a swap that would exceed it.
    public static let maxReserve = (UInt256.one << 112) &- .one

    public init(fee: UInt32, reserve0: UInt256, reserve1: UInt256) throws(DEXMathError) {
        guard UInt64(fee) < SwapMath.feeDenominator else { throw .invalidFee }
        guard reserve0 <= Self.maxReserve, reserve1 <= Self.maxReserve else { throw .overflow }
        self.fee = fee
        self.reserve0 = reserve0
        self.reserve1 = reserve1
    }

    /// A `Sync` event: the pair's reserves as they now are.
    public mutating func sync(reserve0: UInt256, reserve1: UInt256) throws(DEXMathError) {
        guard reserve0 <= Self.maxReserve, reserve1 <= Self.maxReserve else { throw .overflow }
        self.reserve0 = reserve0
        self.reserve1 = reserve1
    }

    /// The router's swap against the pair: `amountSpecified` > 0 exact input, < 0 exact output.
    /// Returns signed pool deltas like the concentrated pool (positive in, negative out).
    public func swap(zeroForOne: Bool, amountSpecified: Int256) throws(DEXMathError) -> ConstantProductSwapResult {
        if amountSpecified.isZero { throw .amountSpecifiedZero }
        let (reserveIn, reserveOut) = zeroForOne ? (reserve0, reserve1) : (reserve1, reserve0)
        let amountIn: UInt256
        let amountOut: UInt256
        if amountSpecified.isNegative {
            amountOut = amountSpecified.magnitude
            amountIn = try ConstantProductMath.amountIn(amountOut: amountOut, reserveIn: reserveIn, reserveOut: reserveOut, feePips: fee)
        } else {
            amountIn = amountSpecified.magnitude
            amountOut = try ConstantProductMath.amountOut(amountIn: amountIn, reserveIn: reserveIn, reserveOut: reserveOut, feePips: fee)
        }
        if amountOut.isZero { throw .insufficientAmount }
        let newIn = try reserveIn + amountIn
        let newOut = reserveOut &- amountOut
        if newIn > Self.maxReserve { throw .overflow }
        guard let paidIn = Int256(exactly: amountIn), let paidOut = Int256.negative(magnitude: amountOut) else { throw .overflow }
        return zeroForOne
            ? ConstantProductSwapResult(amount0: paidIn, amount1: paidOut, reserve0: newIn, reserve1: newOut)
            : ConstantProductSwapResult(amount0: paidOut, amount1: paidIn, reserve0: newOut, reserve1: newIn)
    }

    public mutating func apply(_ result: ConstantProductSwapResult) {
        reserve0 = result.reserve0
        reserve1 = result.reserve1
    }
}

public struct ConstantProductSwapResult: Sendable, Hashable {
    public var amount0: Int256
    public var amount1: Int256
    public var reserve0: UInt256
    public var reserve1: UInt256
}
