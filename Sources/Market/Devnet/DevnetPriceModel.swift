/// The "fair" price of every token, the outside market the simulated traders and arbitrageurs
/// react to. A price is a tick: token i is worth 1.0001^ticks[i] USD per raw unit (its smallest
/// unit), so the fair price of a pool is 1.0001^(ticks[token0] − ticks[token1]) raw token1 per
/// raw token0 — a whole tick, turned into a sqrt price by TickMath exactly.
struct DevnetPriceModel: Sendable, Hashable {
    private(set) var ticks: [Int32]
    let reference: [Int32]
    let models: [BaseTokenList.PriceModel]
    /// The token ETH-pegged tokens follow (WETH), if listed.
    let ethIndex: Int?
    /// The bounded wobble of pegged tokens around their peg, in ticks.
    private var wobble: [Int32]

    /// Pegs wobble within ±3 ticks (±0.03 %), one tick at a time and about once every 40 blocks:
    /// a peg that moved every block would have arbitrageurs sweep the deep, narrow stable
    /// ranges every block, trading billions a day against a few million of depth.
    static let maxWobble: Int32 = 3
    static let wobbleOdds = 40
    /// A floating price is pulled one tick back toward its reference with probability
    /// |distance| / reversionScale per block: an expected pull of distance/10^6 per block, which
    /// keeps weeks-long runs near realistic prices (half-life ≈ 8 days) without visibly damping a day.
    static let reversionScale = 1_000_000

    init(entries: [BaseTokenList.Entry]) throws {
        reference = try entries.map { entry in try DevnetIntegers.rawTick(usd: entry.referenceUsd, decimals: entry.decimals) }
        ticks = reference
        models = entries.map(\.priceModel)
        ethIndex = entries.firstIndex { $0.symbol == "WETH" }
        wobble = Array(repeating: 0, count: entries.count)
    }

    /// One block of price moves.
    mutating func step(rng: inout SyntheticRandom) {
        // WETH first: the ETH-pegged tokens follow where it went this block.
        if let eth = ethIndex { ticks[eth] = floatingStep(eth, rng: &rng) }
        for index in ticks.indices where index != ethIndex {
            switch models[index] {
            case .numeraire:
                break
            case .usdPegged:
                wobble[index] = nextWobble(wobble[index], rng: &rng)
                ticks[index] = reference[index] + wobble[index]
            case .ethPegged:
                wobble[index] = nextWobble(wobble[index], rng: &rng)
                let ethDrift = ethIndex.map { ticks[$0] - reference[$0] } ?? 0
                ticks[index] = reference[index] + ethDrift + wobble[index]
            case .floating:
                ticks[index] = floatingStep(index, rng: &rng)
            }
        }
    }

    /// The fair tick of a pool pairing token indices `token0` and `token1`.
    func poolTick(_ token0: Int, _ token1: Int) -> Int32 {
        DevnetIntegers.clamp(ticks[token0] - ticks[token1])
    }

    private func floatingStep(_ index: Int, rng: inout SyntheticRandom) -> Int32 {
        guard case .floating(let volatility) = models[index] else { return ticks[index] }
        // The sum of three uniform draws in [−v, v]: bell-shaped, standard deviation ≈ v + ½.
        var move = 0
        for _ in 0..<3 { move += rng.below(2 * volatility + 1) - volatility }
        let distance = Int(reference[index]) - Int(ticks[index])
        if distance != 0, rng.below(Self.reversionScale) < min(abs(distance), Self.reversionScale) {
            move += distance > 0 ? 1 : -1
        }
        return DevnetIntegers.clamp(ticks[index] + Int32(move))
    }

    private func nextWobble(_ current: Int32, rng: inout SyntheticRandom) -> Int32 {
        guard rng.below(Self.wobbleOdds) == 0 else { return current }
        return min(max(current + (rng.below(2) == 0 ? -1 : 1), -Self.maxWobble), Self.maxWobble)
    }
}
