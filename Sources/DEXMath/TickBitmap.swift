/// Which ticks are initialized, one bit per multiple of the tick spacing, 256 to a word
/// (v3-core `TickBitmap`). The swap loop walks it one word at a time, which is why a step can
/// end on an uninitialized tick at a word boundary, and why exact results depend on it.
public struct TickBitmap: Sendable, Equatable {
    public private(set) var words: [Int16: UInt256] = [:]

    public init() {}

    /// The word and bit of a compressed tick (tick / tickSpacing).
    @inlinable
    public static func position(_ compressed: Int32) -> (wordPosition: Int16, bitPosition: UInt8) {
        (Int16(truncatingIfNeeded: compressed >> 8), UInt8(truncatingIfNeeded: compressed & 0xff))
    }

    /// tick / tickSpacing rounded toward negative infinity.
    @inlinable
    public static func compress(_ tick: Int32, tickSpacing: Int32) -> Int32 {
        var compressed = tick / tickSpacing
        if tick < 0 && tick % tickSpacing != 0 { compressed -= 1 }
        return compressed
    }

    public mutating func flipTick(_ tick: Int32, tickSpacing: Int32) throws(DEXMathError) {
        if tick % tickSpacing != 0 { throw .tickNotOnSpacing }
        let (word, bit) = Self.position(tick / tickSpacing)
        let flipped = words[word, default: .zero] ^ (UInt256.one << Int(bit))
        words[word] = flipped.isZero ? nil : flipped
    }

    public func isInitialized(_ tick: Int32, tickSpacing: Int32) -> Bool {
        guard tick % tickSpacing == 0 else { return false }
        let (word, bit) = Self.position(tick / tickSpacing)
        return words[word, default: .zero].bit(Int(bit))
    }

    /// The next initialized tick at or below `tick` (lte) or above it, searching only the word
    /// that holds it. When none is found the word's last tick in that direction is returned with
    /// `initialized == false`.
    public func nextInitializedTickWithinOneWord(_ tick: Int32, tickSpacing: Int32, lte: Bool) -> (next: Int32, initialized: Bool) {
        let compressed = Self.compress(tick, tickSpacing: tickSpacing)
        if lte {
            let (word, bit) = Self.position(compressed)
            // All bits at or below `bit`.
            let mask = (UInt256.one << Int(bit)) &- .one &+ (UInt256.one << Int(bit))
            let masked = words[word, default: .zero] & mask
            if masked.isZero { return ((compressed - Int32(bit)) * tickSpacing, false) }
            let msb = 255 - masked.leadingZeroBitCount
            return ((compressed - Int32(bit) + Int32(msb)) * tickSpacing, true)
        }
        let (word, bit) = Self.position(compressed + 1)
        // All bits at or above `bit`.
        let mask = ~((UInt256.one << Int(bit)) &- .one)
        let masked = words[word, default: .zero] & mask
        if masked.isZero { return ((compressed + 1 + Int32(255 - bit)) * tickSpacing, false) }
        let lsb = masked.trailingZeroBitCount
        return ((compressed + 1 + Int32(lsb) - Int32(bit)) * tickSpacing, true)
    }
}
