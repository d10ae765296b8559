// Division of 256- and 512-bit numerators by a 256-bit divisor: Knuth's Algorithm D
// (TAOCP vol. 2, 4.3.1) on 64-bit limbs, with all scratch space on the stack.

extension UInt256 {
    @inlinable
    public func quotientAndRemainder(dividingBy divisor: UInt256) throws(DEXMathError) -> (quotient: UInt256, remainder: UInt256) {
        if divisor.isZero { throw .divisionByZero }
        if self < divisor { return (.zero, self) }
        if let d = divisor.exactUInt64, let n = exactUInt64 { return (UInt256(n / d), UInt256(n % d)) }
        let r = UInt256.divide(high: .zero, low: self, by: divisor)
        return (r.quotientLow, r.remainder)
    }

    @inlinable
    public static func / (lhs: UInt256, rhs: UInt256) throws(DEXMathError) -> UInt256 {
        try lhs.quotientAndRemainder(dividingBy: rhs).quotient
    }

    @inlinable
    public static func % (lhs: UInt256, rhs: UInt256) throws(DEXMathError) -> UInt256 {
        try lhs.quotientAndRemainder(dividingBy: rhs).remainder
    }

    /// (high·2^256 + low) / divisor, when the quotient fits 256 bits (that is, high < divisor).
    @inlinable
    public static func dividingFullWidth(_ dividend: (high: UInt256, low: UInt256), by divisor: UInt256) throws(DEXMathError) -> (quotient: UInt256, remainder: UInt256) {
        if divisor.isZero { throw .divisionByZero }
        if dividend.high >= divisor { throw .overflow }
        if dividend.high.isZero { return try dividend.low.quotientAndRemainder(dividingBy: divisor) }
        let r = divide(high: dividend.high, low: dividend.low, by: divisor)
        return (r.quotientLow, r.remainder)
    }

    /// Algorithm D. `divisor` is non-zero; the quotient's high half is dropped (callers ensure it is zero).
    @inlinable
    static func divide(high: UInt256, low: UInt256, by divisor: UInt256) -> (quotientLow: UInt256, remainder: UInt256) {
        let n = 4 - (divisor.leadingZeroBitCount >> 6)  // significant divisor limbs
        let total = high.isZero ? 4 - (low.leadingZeroBitCount >> 6) : 8 - (high.leadingZeroBitCount >> 6)
        var q = InlineArray<8, UInt64>(repeating: 0)

        if n == 1 {
            let d = divisor.w0
            var rem: UInt64 = 0
            for i in stride(from: total - 1, through: 0, by: -1) {
                let u = i < 4 ? low.limb(i) : high.limb(i - 4)
                (q[i], rem) = d.dividingFullWidth((rem, u))
            }
            return (UInt256(w0: q[0], w1: q[1], w2: q[2], w3: q[3]), UInt256(rem))
        }

        // Normalise so the divisor's top limb has its high bit set.
        let s = UInt64(divisor.limb(n - 1).leadingZeroBitCount)
        var vn = InlineArray<4, UInt64>(repeating: 0)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var v = divisor.limb(i) << s
            if s != 0 && i > 0 { v |= divisor.limb(i - 1) >> (64 - s) }
            vn[i] = v
        }
        var un = InlineArray<9, UInt64>(repeating: 0)
        func u(_ i: Int) -> UInt64 { i < 4 ? low.limb(i) : high.limb(i - 4) }
        un[total] = s == 0 ? 0 : u(total - 1) >> (64 - s)
        for i in stride(from: total - 1, through: 0, by: -1) {
            var v = u(i) << s
            if s != 0 && i > 0 { v |= u(i - 1) >> (64 - s) }
            un[i] = v
        }

        let vTop = vn[n - 1]
        let vNext = vn[n - 2]
        for j in stride(from: total - n, through: 0, by: -1) {
            // Estimate the quotient digit from the top two limbs, then correct it (at most twice).
            var qhat: UInt64
            var rhat: UInt64
            var rhatOverflow = false
            if un[j + n] >= vTop {
                qhat = .max
                (rhat, rhatOverflow) = un[j + n - 1].addingReportingOverflow(vTop)
            } else {
                (qhat, rhat) = vTop.dividingFullWidth((un[j + n], un[j + n - 1]))
            }
            while !rhatOverflow {
                let p = qhat.multipliedFullWidth(by: vNext)
                if p.high < rhat || (p.high == rhat && p.low <= un[j + n - 2]) { break }
                qhat -= 1
                (rhat, rhatOverflow) = rhat.addingReportingOverflow(vTop)
            }

            // un[j ..< j+n+1] -= qhat * vn
            var carry: UInt64 = 0
            var borrow = false
            for i in 0..<n {
                let (phi, plo) = qhat.multipliedFullWidth(by: vn[i])
                let (lo, c) = plo.addingReportingOverflow(carry)
                carry = phi &+ (c ? 1 : 0)
                un[i + j] = subtractBorrowing(un[i + j], lo, &borrow)
            }
            un[j + n] = subtractBorrowing(un[j + n], carry, &borrow)

            if borrow {
                // qhat was one too large: add the divisor back.
                qhat -= 1
                var c = false
                for i in 0..<n { un[i + j] = addCarrying(un[i + j], vn[i], &c) }
                un[j + n] &+= c ? 1 : 0
            }
            q[j] = qhat
        }

        var r = InlineArray<4, UInt64>(repeating: 0)
        for i in 0..<n {
            var v = un[i] >> s
            if s != 0 { v |= un[i + 1] << (64 - s) }
            r[i] = v
        }
        return (UInt256(w0: q[0], w1: q[1], w2: q[2], w3: q[3]), UInt256(w0: r[0], w1: r[1], w2: r[2], w3: r[3]))
    }
}
