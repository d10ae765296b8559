// TickBitmap: flipTick, isInitialized, nextInitializedTickWithinOneWord.
//
// Vectors: Uniswap/v3-core test/TickBitmap.spec.ts (its TickBitmapTest contract uses tick spacing 1;
// the snapshot holds gas only). A brute-force model checks other spacings on seeded bitmaps.

import DEXMath
import TestSupport
import Testing

@Suite("TickBitmap")
struct TickBitmapTests {
    static func bitmap(_ ticks: [Int32], tickSpacing: Int32 = 1) throws -> TickBitmap {
        var bitmap = TickBitmap()
        for tick in ticks { try bitmap.flipTick(tick, tickSpacing: tickSpacing) }
        return bitmap
    }

    // MARK: #isInitialized

    @Test func isFalseAtFirst() {
        #expect(!TickBitmap().isInitialized(1, tickSpacing: 1))
    }

    @Test func isFlippedByFlipTick() throws {
        #expect(try Self.bitmap([1]).isInitialized(1, tickSpacing: 1))
    }

    @Test func isFlippedBackByFlipTick() throws {
        let bitmap = try Self.bitmap([1, 1])
        #expect(!bitmap.isInitialized(1, tickSpacing: 1))
        #expect(bitmap == TickBitmap())  // an emptied word is dropped, as the contract's storage is zeroed
    }

    @Test func isNotChangedByAnotherFlipToADifferentTick() throws {
        #expect(!(try Self.bitmap([2]).isInitialized(1, tickSpacing: 1)))
    }

    @Test func isNotChangedByAnotherFlipToADifferentTickOnAnotherWord() throws {
        let bitmap = try Self.bitmap([1 + 256])
        #expect(bitmap.isInitialized(257, tickSpacing: 1))
        #expect(!bitmap.isInitialized(1, tickSpacing: 1))
    }

    // MARK: #flipTick

    @Test func flipsOnlyTheSpecifiedTick() throws {
        var bitmap = try Self.bitmap([-230])
        #expect(bitmap.isInitialized(-230, tickSpacing: 1))
        for other: Int32 in [-231, -229, -230 + 256, -230 - 256] { #expect(!bitmap.isInitialized(other, tickSpacing: 1)) }
        try bitmap.flipTick(-230, tickSpacing: 1)
        for tick: Int32 in [-230, -231, -229, -230 + 256, -230 - 256] { #expect(!bitmap.isInitialized(tick, tickSpacing: 1)) }
    }

    @Test func revertsOnlyItself() throws {
        let bitmap = try Self.bitmap([-230, -259, -229, 500, -259, -229, -259])
        #expect(bitmap.isInitialized(-259, tickSpacing: 1))
        #expect(!bitmap.isInitialized(-229, tickSpacing: 1))
    }

    @Test("a tick off the spacing is refused (require(tick % tickSpacing == 0))")
    func flipOffSpacing() {
        var bitmap = TickBitmap()
        #expect(throws: DEXMathError.tickNotOnSpacing) { try bitmap.flipTick(15, tickSpacing: 10) }
        #expect(throws: DEXMathError.tickNotOnSpacing) { try bitmap.flipTick(-61, tickSpacing: 60) }
        #expect(bitmap == TickBitmap())
    }

    // MARK: #nextInitializedTickWithinOneWord

    static let initialTicks: [Int32] = [-200, -55, -4, 70, 78, 84, 139, 240, 535]

    @Test("lte = false", arguments: [
        // (start, extra tick flipped first, expected next, initialized)
        (Int32(78), Int32?.none, Int32(84), true),   // returns tick to right if at initialized tick
        (-55, nil, -4, true),                         // returns tick to right if at initialized tick
        (77, nil, 78, true),                          // returns the tick directly to the right
        (-56, nil, -55, true),                        // returns the tick directly to the right
        (255, nil, 511, false),                       // returns the next word's initialized tick if on the right boundary
        (-257, nil, -200, true),                      // returns the next word's initialized tick if on the right boundary
        (328, 340, 340, true),                        // returns the next initialized tick from the next word
        (508, nil, 511, false),                       // does not exceed boundary
        (255, nil, 511, false),                       // skips entire word
        (383, nil, 511, false),                       // skips half word
    ])
    func nextGreater(start: Int32, extra: Int32?, expected: Int32, initialized: Bool) throws {
        let bitmap = try Self.bitmap(Self.initialTicks + (extra.map { [$0] } ?? []))
        let result = bitmap.nextInitializedTickWithinOneWord(start, tickSpacing: 1, lte: false)
        #expect(result.next == expected)
        #expect(result.initialized == initialized)
    }

    @Test("lte = true", arguments: [
        (Int32(78), Int32?.none, Int32(78), true),   // returns same tick if initialized
        (79, nil, 78, true),                          // returns tick directly to the left of input tick if not initialized
        (258, nil, 256, false),                       // will not exceed the word boundary
        (256, nil, 256, false),                       // at the word boundary
        (72, nil, 70, true),                          // word boundary less 1 (next initialized tick in next word)
        (-257, nil, -512, false),                     // word boundary
        (1023, nil, 768, false),                      // entire empty word
        (900, nil, 768, false),                       // halfway through empty word
        (456, 329, 329, true),                        // boundary is initialized
    ])
    func nextLessOrEqual(start: Int32, extra: Int32?, expected: Int32, initialized: Bool) throws {
        let bitmap = try Self.bitmap(Self.initialTicks + (extra.map { [$0] } ?? []))
        let result = bitmap.nextInitializedTickWithinOneWord(start, tickSpacing: 1, lte: true)
        #expect(result.next == expected)
        #expect(result.initialized == initialized)
    }

    // MARK: Properties: against a brute-force model, for several spacings

    /// floor(tick / spacing).
    static func floorDiv(_ a: Int32, _ b: Int32) -> Int32 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    @Test("seeded bitmaps: the search matches a brute-force scan of the word", arguments: [Int32(1), 10, 60, 200])
    func matchesBruteForce(tickSpacing: Int32) throws {
        var rng = SplitMix64(seed: 0xB17_3A9 &+ UInt64(tickSpacing))
        let maxCompressed = TickMath.maxTick / tickSpacing
        // Initialized compressed ticks clustered in a few words so that hits and misses both occur.
        var initialized = Set<Int32>()
        for _ in 0..<300 {
            let centre = Int32.random(in: -4...3, using: &rng) * 256
            initialized.formSymmetricDifference([centre + Int32.random(in: -300...300, using: &rng)])
        }
        initialized = initialized.filter { abs($0) <= maxCompressed }
        var bitmap = TickBitmap()
        for c in initialized { try bitmap.flipTick(c * tickSpacing, tickSpacing: tickSpacing) }

        for _ in 0..<1500 {
            let tick = Int32.random(in: (-1400 * tickSpacing)...(1400 * tickSpacing), using: &rng)
            let compressed = Self.floorDiv(tick, tickSpacing)
            #expect(bitmap.isInitialized(compressed * tickSpacing, tickSpacing: tickSpacing) == initialized.contains(compressed))

            // lte: the greatest initialized compressed tick ≤ compressed within its word, else the word's start.
            let wordStart = Self.floorDiv(compressed, 256) * 256
            let below = (wordStart...compressed).reversed().first { initialized.contains($0) }
            let lte = bitmap.nextInitializedTickWithinOneWord(tick, tickSpacing: tickSpacing, lte: true)
            #expect(lte.next == (below ?? wordStart) * tickSpacing, "lte from \(tick)")
            #expect(lte.initialized == (below != nil))

            // gt: the least initialized compressed tick > compressed within the next tick's word, else that word's end.
            let nextWordStart = Self.floorDiv(compressed + 1, 256) * 256
            let above = ((compressed + 1)...(nextWordStart + 255)).first { initialized.contains($0) }
            let gt = bitmap.nextInitializedTickWithinOneWord(tick, tickSpacing: tickSpacing, lte: false)
            #expect(gt.next == (above ?? nextWordStart + 255) * tickSpacing, "gt from \(tick)")
            #expect(gt.initialized == (above != nil))
        }
    }

    @Test("the extreme usable ticks of each standard spacing can be flipped and found")
    func extremeTicks() throws {
        for spacing: Int32 in [1, 10, 60, 200] {
            let minUsable = (TickMath.minTick / spacing) * spacing  // rounds toward zero: inside the range
            let maxUsable = (TickMath.maxTick / spacing) * spacing
            let bitmap = try Self.bitmap([minUsable, maxUsable], tickSpacing: spacing)
            #expect(bitmap.isInitialized(minUsable, tickSpacing: spacing))
            #expect(bitmap.isInitialized(maxUsable, tickSpacing: spacing))
            let down = bitmap.nextInitializedTickWithinOneWord(maxUsable, tickSpacing: spacing, lte: true)
            #expect(down.next == maxUsable && down.initialized)
            let up = bitmap.nextInitializedTickWithinOneWord(minUsable - 1, tickSpacing: spacing, lte: false)
            #expect(up.next == minUsable && up.initialized)
        }
    }
}
