import DEXMath
import Market
import Testing

@Suite("Identities of recently applied events")
struct RecentEventIDsTests {
    typealias F = MarketEventFixtures
    static let day = RecentEventIDs.windowSeconds

    static func id(_ n: Int) -> EventID {
        EventID(chainId: F.chainId, txHash: Hash32.keccak(Array("recent tx \(n)".utf8)), logIndex: UInt32(n % 5))
    }

    @Test("an identity is found at its own time, whatever the order it was recorded in, and not at another minute")
    func foundInItsSlot() {
        // Minutes start at multiples of 60 s: 1,750,000,020 and 1,750,000,079 share one.
        for times: [Int64] in [[1_750_000_020, 1_750_000_079, 1_749_990_000, 1_750_003_600, 1_750_000_080], [-61, -1, -120, 0]] {
            var recent = RecentEventIDs()
            for (n, time) in times.enumerated() { recent.insert(Self.id(n), at: time) }
            for (n, time) in times.enumerated() {
                #expect(recent.contains(Self.id(n), at: time))
                #expect(!recent.contains(Self.id(n + 100), at: time))
            }
            #expect(recent.count == times.count)
        }
        var recent = RecentEventIDs()
        recent.insert(Self.id(0), at: 1_750_000_020)
        recent.insert(Self.id(1), at: -1)
        #expect(recent.contains(Self.id(0), at: 1_750_000_079))
        #expect(!recent.contains(Self.id(0), at: 1_750_000_080))
        #expect(!recent.contains(Self.id(0), at: 1_750_000_019))
        // -1 is older than the window behind 1,750,000,020: never recorded.
        #expect(!recent.contains(Self.id(1), at: -1))
        var early = RecentEventIDs()
        early.insert(Self.id(2), at: -1)
        #expect(early.contains(Self.id(2), at: -60))
        #expect(!early.contains(Self.id(2), at: 0))
    }

    @Test("identities a day older than the newest are forgotten, so the set stays the size of one day")
    func boundedByTheWindow() {
        var recent = RecentEventIDs()
        let start: Int64 = 1_750_000_000
        let perHour = 10
        // Five days of events, ten an hour.
        for hour in 0..<(5 * 24) {
            for k in 0..<perHour { recent.insert(Self.id(hour * perHour + k), at: start + Int64(hour) * 3_600 + Int64(k) * 60) }
            #expect(recent.count <= (24 + 1) * perHour)
        }
        let newest = start + Int64(5 * 24 - 1) * 3_600
        #expect(recent.contains(Self.id((5 * 24 - 1) * perHour), at: newest))
        #expect(recent.contains(Self.id((4 * 24) * perHour), at: newest - 23 * 3_600))
        #expect(!recent.contains(Self.id(0), at: start))
        #expect(!recent.contains(Self.id((3 * 24) * perHour), at: start + 3 * Self.day))
        // Older than the window: not recorded at all (a restart would not restore it either).
        recent.insert(Self.id(99_999), at: newest - 2 * Self.day)
        #expect(!recent.contains(Self.id(99_999), at: newest - 2 * Self.day))
    }

    @Test("a market applies a resent event once while it is recent, and forgets it a day of event time later")
    func marketForgetsAfterADay() throws {
        var state = try F.market()
        let swap = try F.swapEvent(4, in: state, amountIn: 5_000_000_000_000_000, timestamp: 1_750_000_100)
        try state.apply(swap)
        #expect(try state.apply(swap) == nil)
        #expect(state.hasApplied(swap))

        // Two days on, an event of another transaction moves the window past the swap.
        let later = try F.swapEvent(5, in: state, amountIn: 1_000_000_000_000_000, timestamp: 1_750_000_100 + 2 * Self.day)
        try state.apply(later)
        #expect(state.hasApplied(later))
        #expect(!state.hasApplied(swap))
        #expect(state.sequence == 5)
    }
}
