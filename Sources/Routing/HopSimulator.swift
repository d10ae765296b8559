import DEXMath
import Market

/// One exact swap through one pool, in either trade type. A swap that cannot be filled in full
/// (the pool runs out of liquidity in range, or the output rounds to nothing) fails: the router
/// never routes through a pool that cannot fill its leg.
enum HopSimulator {
    struct Result: Sendable {
        var amountIn: UInt256
        var amountOut: UInt256
        var state: Pool
        var sqrtPriceX96After: UInt256?
        var ticksCrossed: Int
    }

    enum Failure: Error, Equatable {
        case cannotFill
        case math(DEXMathError)
    }

    static func exactIn(_ pool: Pool, zeroForOne: Bool, amountIn: UInt256) throws(Failure) -> Result {
        guard let specified = Int256(exactly: amountIn), !amountIn.isZero else { throw .cannotFill }
        return try run(pool, zeroForOne: zeroForOne, amountSpecified: specified, wanted: amountIn, exactInput: true)
    }

    static func exactOut(_ pool: Pool, zeroForOne: Bool, amountOut: UInt256) throws(Failure) -> Result {
        guard let specified = Int256.negative(magnitude: amountOut), !amountOut.isZero else { throw .cannotFill }
        return try run(pool, zeroForOne: zeroForOne, amountSpecified: specified, wanted: amountOut, exactInput: false)
    }

    /// Amounts of one exact swap without the pool's next state: what the path search and the
    /// split optimiser's scoring need. The same swap and the same fill check as `exactIn` /
    /// `exactOut`, without copying the pool or building its next state.
    struct Amounts: Sendable {
        var amountIn: UInt256
        var amountOut: UInt256
        var ticksCrossed: Int
    }

    @inline(__always)
    static func amounts(_ pool: Pool, zeroForOne: Bool, amount: UInt256, exactInput: Bool) -> Amounts? {
        if amount.isZero { return nil }
        let specified: Int256
        if exactInput {
            guard let s = Int256(exactly: amount) else { return nil }
            specified = s
        } else {
            guard let s = Int256.negative(magnitude: amount) else { return nil }
            specified = s
        }
        let paid: Int256, received: Int256, crossed: Int
        switch pool {
        case .concentrated(let p):
            let limit = zeroForOne ? TickMath.minSqrtRatio &+ .one : TickMath.maxSqrtRatio &- .one
            guard let r = try? p.swap(zeroForOne: zeroForOne, amountSpecified: specified, sqrtPriceLimitX96: limit) else { return nil }
            (paid, received) = zeroForOne ? (r.amount0, r.amount1) : (r.amount1, r.amount0)
            crossed = r.ticksCrossed
        case .constantProduct(let p):
            guard let r = try? p.swap(zeroForOne: zeroForOne, amountSpecified: specified) else { return nil }
            (paid, received) = zeroForOne ? (r.amount0, r.amount1) : (r.amount1, r.amount0)
            crossed = 0
        }
        let amountIn = paid.magnitude
        let amountOut = received.magnitude
        if (exactInput ? amountIn : amountOut) != amount || amountOut.isZero || !received.isNegative { return nil }
        return Amounts(amountIn: amountIn, amountOut: amountOut, ticksCrossed: crossed)
    }

    /// A swap the pool's ladder filled, with the same fill check as `amounts`.
    @inline(__always)
    static func amounts(_ swap: SwapLadder.Swap) -> Amounts? {
        if swap.amountOut.isZero { return nil }
        return Amounts(amountIn: swap.amountIn, amountOut: swap.amountOut, ticksCrossed: swap.ticksCrossed)
    }

    /// A swap `pool`'s ladder filled, as a full result with the state it leaves behind.
    static func result(_ pool: ConcentratedPool, _ swap: SwapLadder.Swap) throws(Failure) -> Result {
        if swap.amountOut.isZero { throw .cannotFill }
        var next = pool
        do throws(DEXMathError) {
            next.apply(sqrtPriceX96: swap.sqrtPriceX96, tick: try swap.tickAfter(), liquidity: swap.liquidity)
        } catch {
            throw .math(error)
        }
        return Result(amountIn: swap.amountIn, amountOut: swap.amountOut, state: .concentrated(next),
                      sqrtPriceX96After: swap.sqrtPriceX96, ticksCrossed: swap.ticksCrossed)
    }

    private static func run(_ pool: Pool, zeroForOne: Bool, amountSpecified: Int256, wanted: UInt256, exactInput: Bool) throws(Failure) -> Result {
        let paid: Int256, received: Int256, state: Pool, price: UInt256?, crossed: Int
        do throws(DEXMathError) {
            switch pool {
            case .concentrated(var p):
                let limit = zeroForOne ? TickMath.minSqrtRatio &+ .one : TickMath.maxSqrtRatio &- .one
                let r = try p.swap(zeroForOne: zeroForOne, amountSpecified: amountSpecified, sqrtPriceLimitX96: limit)
                p.apply(r)
                (paid, received) = zeroForOne ? (r.amount0, r.amount1) : (r.amount1, r.amount0)
                (state, price, crossed) = (.concentrated(p), r.sqrtPriceX96, r.ticksCrossed)
            case .constantProduct(var p):
                let r = try p.swap(zeroForOne: zeroForOne, amountSpecified: amountSpecified)
                p.apply(r)
                (paid, received) = zeroForOne ? (r.amount0, r.amount1) : (r.amount1, r.amount0)
                (state, price, crossed) = (.constantProduct(p), nil, 0)
            }
        } catch {
            throw .math(error)
        }
        let amountIn = paid.magnitude
        let amountOut = received.magnitude
        // A partial fill means the pool ran out of liquidity before the price limit.
        if (exactInput ? amountIn : amountOut) != wanted || amountOut.isZero || !received.isNegative { throw .cannotFill }
        return Result(amountIn: amountIn, amountOut: amountOut, state: state, sqrtPriceX96After: price, ticksCrossed: crossed)
    }
}
