import DEXMath

/// The steps a swap takes through one pool state in one direction, walked once for every amount.
///
/// Every step of `ConcentratedPool.swap` but the last runs all the way to its boundary (the next
/// initialized tick or the edge of a bitmap word), and what such a full step pays and receives
/// depends on the pool and the direction, never on the amount swapped. The ladder keeps the
/// running totals after each full step, so a swap of any size is a binary search for the step
/// it ends in plus that one partial step: the amounts of the swap loop, to the wei, without
/// walking the hundreds of word edges a large swap through a fine-spaced pool crosses.
public struct SwapLadder: Sendable {
    struct Rung: Sendable {
        /// Totals of the full steps up to this boundary: input including fees, and output.
        var paid: UInt256
        var received: UInt256
        /// Where the swap stands on the boundary, the boundary's tick crossed.
        var cursor: SwapCursor
    }

    /// A swap read off the ladder: its amounts and the state it leaves the pool in.
    public struct Swap: Sendable, Equatable {
        public var amountIn: UInt256
        public var amountOut: UInt256
        public var ticksCrossed: Int
        public var sqrtPriceX96: UInt256
        public var liquidity: UInt128
        /// Nil when the swap stops inside a range: the tick is then the price's, which only a
        /// caller that needs the next state pays to compute (`tickAfter`).
        public var tick: Int32?

        public init(amountIn: UInt256, amountOut: UInt256, ticksCrossed: Int, sqrtPriceX96: UInt256, liquidity: UInt128, tick: Int32?) {
            (self.amountIn, self.amountOut, self.ticksCrossed) = (amountIn, amountOut, ticksCrossed)
            (self.sqrtPriceX96, self.liquidity, self.tick) = (sqrtPriceX96, liquidity, tick)
        }

        /// A swap to be written by `fill(_:exactInput:into:)`.
        public init() {
            self.init(amountIn: .zero, amountOut: .zero, ticksCrossed: 0, sqrtPriceX96: .zero, liquidity: 0, tick: nil)
        }

        public func tickAfter() throws(DEXMathError) -> Int32 {
            if let tick { return tick }
            return try TickMath.tickAtSqrtPrice(sqrtPriceX96)
        }
    }

    /// The outcome of a swap read off the ladder.
    public enum Fill: Sendable, Equatable {
        case filled(Swap)
        /// The walk ended (liquidity ran out, or the price reached its limit) before the amount.
        case cannotFill
        /// The amount lies beyond the steps walked so far: extend the ladder, or swap.
        case beyondWalk
    }

    public let zeroForOne: Bool
    let fee: UInt32
    private(set) var rungs: [Rung]
    /// The walk has ended: no amount beyond the last rung can be filled.
    public private(set) var isComplete = false
    /// The walk cannot go on (a step overflowed or could not reach its boundary): amounts
    /// beyond the last rung are left to the swap loop, which reports what went wrong.
    public private(set) var isStalled = false

    /// The swap's price limit: as close to the end of the price range as the contract allows.
    public static func limit(zeroForOne: Bool) -> UInt256 {
        zeroForOne ? TickMath.minSqrtRatio &+ .one : TickMath.maxSqrtRatio &- .one
    }

    public init(_ pool: ConcentratedPool, zeroForOne: Bool) {
        self.zeroForOne = zeroForOne
        fee = pool.fee
        rungs = [Rung(paid: .zero, received: .zero, cursor: SwapCursor(sqrtPriceX96: pool.sqrtPriceX96, tick: pool.tick, liquidity: pool.liquidity))]
    }

    public var stepCount: Int { rungs.count - 1 }

    /// Walks up to `steps` more full steps through `pool`, the state the ladder was made from.
    public mutating func extend(_ pool: ConcentratedPool, by steps: Int) {
        let limit = Self.limit(zeroForOne: zeroForOne)
        // An input no step can exhaust, so that every step runs to its boundary.
        let unbounded = Int256.max
        var rung = rungs[rungs.count - 1]
        // Callers walk a few steps at a time; a caller asking for a whole walk is not given a
        // whole walk's worth of memory up front.
        rungs.reserveCapacity(rungs.count + min(steps, 1024))
        for _ in 0..<steps where !isComplete && !isStalled {
            if rung.cursor.sqrtPriceX96 == limit { isComplete = true; break }
            let step: SwapStep?
            do throws(DEXMathError) {
                step = try pool.advance(&rung.cursor, zeroForOne: zeroForOne, amountRemaining: unbounded, limit: limit)
            } catch {
                isStalled = true
                break
            }
            guard let step else { isComplete = true; break }
            // A step that consumed the whole input stopped short of its boundary.
            let (cost, costOverflow) = step.amountIn.addingReportingOverflow(step.feeAmount)
            let (paid, paidOverflow) = rung.paid.addingReportingOverflow(cost)
            let (received, receivedOverflow) = rung.received.addingReportingOverflow(step.amountOut)
            guard !costOverflow, !paidOverflow, !receivedOverflow, cost != unbounded.magnitude,
                  Int256(exactly: paid) != nil, Int256(exactly: received) != nil else {
                isStalled = true
                break
            }
            (rung.paid, rung.received) = (paid, received)
            rungs.append(rung)
        }
    }

    /// The swap of `amount` in (`exactInput`) or out: the full steps its total covers, then
    /// the partial step toward the next boundary from where they end.
    public func fill(_ amount: UInt256, exactInput: Bool) -> Fill {
        var swap = Swap()
        switch fill(amount, exactInput: exactInput, into: &swap) {
        case .filled: return .filled(swap)
        case .cannotFill: return .cannotFill
        case .beyondWalk: return .beyondWalk
        }
    }

    /// `fill`'s outcome without the swap, which `fill(_:exactInput:into:)` writes in place.
    public enum Reach: Sendable, Equatable {
        case filled
        case cannotFill
        case beyondWalk
    }

    /// `fill`, the swap written into `swap` (left as it was unless `.filled`). The quotes read
    /// ladders hundreds of times each: a `Fill` returned through the caches and simulators
    /// is copied whole at every level.
    public func fill(_ amount: UInt256, exactInput: Bool, into swap: inout Swap) -> Reach {
        let low = firstRung(reaching: amount, exactInput: exactInput)
        guard low < rungs.count else { return isComplete ? .cannotFill : .beyondWalk }
        return rungs.withUnsafeBufferPointer { rungs in
            // Rungs read in place: a rung copied out is a hundred bytes.
            let end = rungs.baseAddress! + low
            if (exactInput ? end.pointee.paid : end.pointee.received) == amount {
                swap = Swap(amountIn: end.pointee.paid, amountOut: end.pointee.received, ticksCrossed: end.pointee.cursor.ticksCrossed,
                            sqrtPriceX96: end.pointee.cursor.sqrtPriceX96, liquidity: end.pointee.cursor.liquidity, tick: end.pointee.cursor.tick)
                return .filled
            }
            let start = end - 1
            let left = amount &- (exactInput ? start.pointee.paid : start.pointee.received)
            let current = start.pointee.cursor.sqrtPriceX96
            let target = end.pointee.cursor.sqrtPriceX96
            let liquidity = start.pointee.cursor.liquidity
            // Less than the step's full cost is left, so the step stops short of the boundary: on
            // exact input it spends all of it, and only its output needs working out.
            if exactInput, let short = try? SwapMath.exactInputStepShortOfTarget(sqrtPriceCurrentX96: current, sqrtPriceTargetX96: target,
                                                                                  liquidity: liquidity, amountIn: left, feePips: fee) {
                swap = Swap(amountIn: amount, amountOut: start.pointee.received &+ short.amountOut, ticksCrossed: start.pointee.cursor.ticksCrossed,
                            sqrtPriceX96: short.sqrtPriceNextX96, liquidity: liquidity,
                            tick: short.sqrtPriceNextX96 == current ? start.pointee.cursor.tick : nil)
                return .filled
            }
            guard let remaining = exactInput ? Int256(exactly: left) : Int256.negative(magnitude: left),
                  let step = try? SwapMath.computeSwapStepShortOfTarget(sqrtPriceCurrentX96: current, sqrtPriceTargetX96: target,
                                                                        liquidity: liquidity, amountRemaining: remaining, feePips: fee)
                    ?? SwapMath.computeSwapStep(sqrtPriceCurrentX96: current, sqrtPriceTargetX96: target,
                                                liquidity: liquidity, amountRemaining: remaining, feePips: fee) else {
                return .beyondWalk
            }
            let paid = start.pointee.paid &+ step.amountIn &+ step.feeAmount
            let received = start.pointee.received &+ step.amountOut
            // The loop stops when the step leaves nothing to swap; anything else is left to it.
            guard (exactInput ? paid : received) == amount else { return .beyondWalk }
            // Rounding can land a partial step on the boundary itself, which the loop then crosses.
            if step.sqrtPriceNextX96 == target {
                swap = Swap(amountIn: paid, amountOut: received, ticksCrossed: end.pointee.cursor.ticksCrossed,
                            sqrtPriceX96: target, liquidity: end.pointee.cursor.liquidity, tick: end.pointee.cursor.tick)
            } else {
                swap = Swap(amountIn: paid, amountOut: received, ticksCrossed: start.pointee.cursor.ticksCrossed,
                            sqrtPriceX96: step.sqrtPriceNextX96, liquidity: liquidity,
                            tick: step.sqrtPriceNextX96 == current ? start.pointee.cursor.tick : nil)
            }
            return .filled
        }
    }

    /// Where a swap that ends inside a step stands before that step: the totals of the full
    /// steps it covers and what it has left for the partial one.
    public struct PartialStep: Sendable {
        public var paid: UInt256
        public var received: UInt256
        public var ticksCrossed: Int
        public var sqrtPriceX96: UInt256
        public var liquidity: UInt128
        public var feePips: UInt32
        /// What the partial step swaps: input including fee (exact input), or output.
        public var left: UInt256

        /// A step to be filled in by `partialStep(_:exactInput:into:)`.
        public init() {
            (paid, received, ticksCrossed, sqrtPriceX96, liquidity, feePips, left) = (.zero, .zero, 0, .zero, 0, 0, .zero)
        }
    }

    /// Writes into `step` the partial step a swap of `amount` ends with; false, leaving `step`
    /// as it was, when it ends on a boundary, beyond the walk, or cannot be filled (`fill`
    /// answers those). Written in place rather than returned: an optional of this size is
    /// built on the stack and copied out at every level it passes through, and the searches
    /// ask for hundreds of steps per quote.
    public func partialStep(_ amount: UInt256, exactInput: Bool, into step: inout PartialStep) -> Bool {
        let low = firstRung(reaching: amount, exactInput: exactInput)
        guard low < rungs.count, total(low, exactInput) != amount else { return false }
        rungs.withUnsafeBufferPointer { rungs in
            let start = rungs.baseAddress! + (low - 1)
            step.paid = start.pointee.paid
            step.received = start.pointee.received
            step.ticksCrossed = start.pointee.cursor.ticksCrossed
            step.sqrtPriceX96 = start.pointee.cursor.sqrtPriceX96
            step.liquidity = start.pointee.cursor.liquidity
            step.left = amount &- (exactInput ? start.pointee.paid : start.pointee.received)
        }
        step.feePips = fee
        return true
    }

    /// The first rung whose total reaches `amount` (rung 0's total is zero), or `rungs.count`.
    @inline(__always)
    private func firstRung(reaching amount: UInt256, exactInput: Bool) -> Int {
        // Quotes search ladders hundreds of times each: without bounds checks (low and high
        // stay within 1...count) and with the side chosen once.
        rungs.withUnsafeBufferPointer { rungs in
            var low = 1
            var high = rungs.count
            if exactInput {
                while low < high {
                    let mid = (low + high) >> 1
                    if rungs[mid].paid < amount { low = mid + 1 } else { high = mid }
                }
            } else {
                while low < high {
                    let mid = (low + high) >> 1
                    if rungs[mid].received < amount { low = mid + 1 } else { high = mid }
                }
            }
            return low
        }
    }

    @inline(__always)
    private func total(_ rung: Int, _ exactInput: Bool) -> UInt256 {
        exactInput ? rungs[rung].paid : rungs[rung].received
    }
}
