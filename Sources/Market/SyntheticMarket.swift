import DEXMath

/// A deterministic synthetic market in the snapshot format (ARCHITECTURE.md), for router
/// benchmarks and demos (`basebook-router market --pools N --tokens M --seed S`).
///
/// It is shaped like Base: five hub tokens at their real addresses and rough prices (WETH, USDC,
/// USDbC, DAI, cbETH), a long tail of synthetic tokens with log-uniform USD prices, every tail
/// token paired with a hub, popular pairs at several fee tiers, some tail–tail pairs and about
/// 12 % constant-product pools. Every price follows from the tokens' USD prices and decimals;
/// every concentrated pool is built by `mint`ing positions into a freshly initialized pool, so
/// its ticks and active liquidity are consistent by construction. Only integer math decides
/// the state: no floating point, no Foundation randomness, so a seed gives the same bytes on
/// every platform and toolchain.
public enum SyntheticMarket {
    public struct ParameterError: Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// A guard against a typo on the command line asking for a market that would never finish.
    public static let maxCount = 1_000_000

    /// `pools` pools over `tokens` tokens (the hubs first, then the tail). Every token is in at
    /// least one pool when `pools` allows it (it takes `tokens − 1` pools); the pools always form
    /// one connected graph around the hubs. Same arguments → equal snapshots (and equal JSON).
    public static func generate(pools: Int, tokens: Int, seed: UInt64, chainId: UInt64 = 8453) throws -> MarketSnapshot {
        guard pools >= 0, tokens >= 0 else { throw ParameterError(message: "pools and tokens must not be negative (got \(pools) pools, \(tokens) tokens)") }
        guard pools <= maxCount, tokens <= maxCount else { throw ParameterError(message: "at most \(maxCount) pools and \(maxCount) tokens") }
        guard pools == 0 || tokens >= 2 else { throw ParameterError(message: "\(pools) pools need at least 2 tokens (got \(tokens))") }

        var taken = Set<Address>()
        let listed = try makeTokens(count: tokens, seed: seed, taken: &taken)
        var planner = Planner(tokens: listed, target: pools, seed: seed)
        planner.plan()

        var built: [MarketPool] = []
        built.reserveCapacity(pools)
        // The sequence counts the events that would have built this state on chain: a
        // PoolCreated and an Initialize (or a Sync) per pool, plus one Mint per position.
        var sequence: UInt64 = 0
        for (index, plan) in planner.plans.enumerated() {
            // One stream per pool: a pool's contents do not depend on how the others were drawn.
            var rng = SyntheticRandom(seed: seed, stream: 3, index: UInt64(index))
            let (pool, events) = try build(plan, tokens: listed, taken: &taken, rng: &rng)
            built.append(pool)
            sequence += events
        }
        return MarketSnapshot(chainId: chainId, sequence: sequence, tokens: listed.map(\.token), pools: built)
    }
}

// MARK: - Tokens

extension SyntheticMarket {
    /// Whether a token is pegged to something, which decides how tight its positions are.
    enum Peg: Sendable { case usd, eth, none }

    struct SyntheticToken: Sendable {
        var token: Token
        /// USD per whole token, scaled by 10^18.
        var usdE18: UInt256
        var peg: Peg
        var isHub: Bool
        /// 10^decimals: raw units per whole token.
        var unit: UInt256
    }

    static let e18 = powerOfTen(18)

    /// The hubs in the order a small market takes them (WETH and USDC first: the pair every
    /// router benchmark starts with). Addresses are Base mainnet's; prices are round figures.
    static let hubs: [(address: String, symbol: String, name: String, decimals: UInt8, usd: UInt64, peg: Peg)] = [
        ("0x4200000000000000000000000000000000000006", "WETH", "Wrapped Ether", 18, 3000, .eth),
        ("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "USDC", "USD Coin", 6, 1, .usd),
        ("0xd9aAEc86B65D86f6A7B5B1b0c42FFA531710b6CA", "USDbC", "USD Base Coin", 6, 1, .usd),
        ("0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb", "DAI", "Dai Stablecoin", 18, 1, .usd),
        ("0x2Ae3F1Ec7F1F5012CFEab0185bfc7aa3cf0DEc22", "cbETH", "Coinbase Wrapped Staked ETH", 18, 3200, .eth),
    ]

    /// Relative popularity of the hubs as a tail token's counterpart (WETH pairs dominate on Base).
    static let hubWeights = [40, 30, 10, 10, 10]

    /// Tail prices are log-uniform in [$0.0001, $1000]: uniform in price ticks (1.0001^tick USD),
    /// ⌈log_1.0001(10^-4)⌉ = −92108 and ⌊log_1.0001(1000)⌋ = 69081.
    static let tailPriceTicks: ClosedRange<Int> = -92108...69081

    static func makeTokens(count: Int, seed: UInt64, taken: inout Set<Address>) throws -> [SyntheticToken] {
        var tokens: [SyntheticToken] = []
        tokens.reserveCapacity(count)
        for hub in hubs.prefix(count) {
            let address = Address(hub.address)!
            taken.insert(address)
            tokens.append(SyntheticToken(token: Token(address: address, symbol: hub.symbol, decimals: hub.decimals, name: hub.name),
                                         usdE18: try UInt256(hub.usd) * e18, peg: hub.peg, isHub: true, unit: powerOfTen(hub.decimals)))
        }
        var rng = SyntheticRandom(seed: seed, stream: 1)
        for tail in 0..<max(0, count - hubs.count) {
            let decimals: UInt8 = switch rng.below(20) {
            case 0..<14: 18
            case 14..<17: 6
            default: 8
            }
            let priceTick = Int32(rng.inRange(tailPriceTicks))
            // Like a deployed contract's address: a hash, here of what identifies the token.
            let address = uniqueAddress(taken: &taken) { nonce in
                bytes("BaseBook synthetic token") + bigEndian(seed) + bigEndian(UInt64(tail)) + bigEndian(nonce)
            }
            tokens.append(SyntheticToken(token: Token(address: address, symbol: "SYN\(tail + 1)", decimals: decimals, name: "Synthetic Token \(tail + 1)"),
                                         usdE18: try usdE18(priceTick: priceTick), peg: .none, isHub: false, unit: powerOfTen(decimals)))
        }
        return tokens
    }

    /// 1.0001^tick USD, scaled by 10^18: (sqrtPriceAtTick(tick) / 2^96)² · 10^18.
    static func usdE18(priceTick: Int32) throws -> UInt256 {
        let sqrtPrice = try TickMath.sqrtPriceAtTick(priceTick)
        return try FullMath.mulDiv(try sqrtPrice * sqrtPrice, e18, UInt256.one << 192)
    }
}

// MARK: - Which pools exist

extension SyntheticMarket {
    /// A fee tier with its tick spacing (the four Uniswap v3 tiers).
    static let feeTiers: [(fee: UInt32, tickSpacing: Int32)] = [(100, 1), (500, 10), (3000, 60), (10000, 200)]
    /// v2 pairs charge 0.30 %.
    static let constantProductFee: UInt32 = 3000

    enum Slot: Hashable, Sendable {
        case tier(Int) // index into feeTiers
        case constantProduct
    }

    struct PairKey: Hashable, Sendable {
        var low: Int
        var high: Int
        init(_ a: Int, _ b: Int) { (low, high) = a < b ? (a, b) : (b, a) }
    }

    struct SlotKey: Hashable, Sendable {
        var pair: PairKey
        var slot: Slot
    }

    struct PoolPlan: Sendable {
        var pair: PairKey
        var slot: Slot
        /// A second (third, …) pool in the same pair and slot, as on another DEX deployment:
        /// only used when the unique slots run out (many pools over few tokens).
        var factory: Int
    }

    /// Decides which pools exist, in three passes that keep the graph connected at every step:
    /// a backbone linking the hubs, one pool per tail token to a hub, then extra fee tiers,
    /// second hubs, tail–tail pairs and constant-product pairs among tokens already connected.
    struct Planner {
        let tokens: [SyntheticToken]
        let target: Int
        let hubCount: Int
        let tailCount: Int
        /// About 12 % of all pools are constant-product.
        let constantProductTarget: Int
        var rng: SyntheticRandom
        var plans: [PoolPlan] = []
        var slotUse: [SlotKey: Int] = [:]
        /// Distinct pairs in the order they first got a pool: early ones are the popular ones.
        var pairs: [PairKey] = []
        var pairSet = Set<PairKey>()
        var primaryHub: [Int] = []
        var constantProductCount = 0

        init(tokens: [SyntheticToken], target: Int, seed: UInt64) {
            self.tokens = tokens
            self.target = target
            hubCount = min(tokens.count, SyntheticMarket.hubs.count)
            tailCount = tokens.count - hubCount
            constantProductTarget = (target * 12 + 50) / 100
            rng = SyntheticRandom(seed: seed, stream: 2)
        }

        var isFull: Bool { plans.count >= target }

        mutating func plan() {
            // WETH–USDC, USDC–USDbC, USDC–DAI, WETH–cbETH: each links a new hub to a linked one.
            for (a, b) in [(0, 1), (1, 2), (1, 3), (0, 4)] where b < hubCount && !isFull {
                add(PairKey(a, b), .tier(preferredTiers(PairKey(a, b))[0]))
            }
            for tail in 0..<tailCount where !isFull {
                let token = hubCount + tail
                let hub = weightedHub(excluding: nil)
                primaryHub.append(hub)
                let slot: Slot
                if constantProductCount < constantProductTarget && rng.below(10) == 0 {
                    slot = .constantProduct
                } else {
                    // Tail tokens launch mostly at 0.30 % or 1 %.
                    let tier = switch rng.below(10) { case 0..<6: 2; case 6..<9: 3; default: 1 }
                    slot = .tier(tier)
                }
                add(PairKey(token, hub), slot)
            }
            while !isFull {
                // Spread the remaining constant-product pools evenly over what is left.
                let remaining = target - plans.count
                if constantProductCount < constantProductTarget, rng.below(remaining) < constantProductTarget - constantProductCount {
                    addConstantProduct()
                } else {
                    addConcentrated()
                }
            }
        }

        mutating func add(_ pair: PairKey, _ slot: Slot) {
            let key = SlotKey(pair: pair, slot: slot)
            let factory = slotUse[key, default: 0]
            slotUse[key] = factory + 1
            if pairSet.insert(pair).inserted { pairs.append(pair) }
            plans.append(PoolPlan(pair: pair, slot: slot, factory: factory))
            if slot == .constantProduct { constantProductCount += 1 }
        }

        func isUsed(_ pair: PairKey, _ slot: Slot) -> Bool { slotUse[SlotKey(pair: pair, slot: slot)] != nil }

        /// A v2 pair next to an existing pool, popular pairs first.
        mutating func addConstantProduct() {
            var pair = pairs[0]
            for _ in 0..<16 {
                pair = pairs[min(rng.below(pairs.count), rng.below(pairs.count))]
                if !isUsed(pair, .constantProduct) { break }
            }
            add(pair, .constantProduct)
        }

        /// Another concentrated pool: a new fee tier on a hub pair or a tail token's pair, a tail
        /// token's second hub, or a tail–tail pair. Falls back to another deployment of an
        /// existing slot when the draws keep landing on taken ones.
        mutating func addConcentrated() {
            var pair = pairs[0]
            for _ in 0..<16 {
                pair = drawPair()
                let tiers = preferredTiers(pair)
                let free = tiers.filter { !isUsed(pair, .tier($0)) }
                guard let first = free.first else { continue }
                // Mostly the next tier in preference order, sometimes any free one.
                add(pair, .tier(rng.below(4) == 0 ? free[rng.below(free.count)] : first))
                return
            }
            let tiers = preferredTiers(pair)
            add(pair, .tier(tiers[min(rng.below(tiers.count), rng.below(tiers.count))]))
        }

        mutating func drawPair() -> PairKey {
            let category = tailCount == 0 ? 0 : rng.below(100)
            switch category {
            case 0..<25:
                let a = weightedHub(excluding: nil)
                return PairKey(a, weightedHub(excluding: a))
            case 25..<55:
                let tail = popularTail()
                return PairKey(hubCount + tail, primaryHub[tail])
            case 55..<75 where hubCount > 1:
                let tail = popularTail()
                return PairKey(hubCount + tail, weightedHub(excluding: primaryHub[tail]))
            default:
                guard tailCount > 1 else {
                    let tail = popularTail()
                    return PairKey(hubCount + tail, primaryHub[tail])
                }
                let a = popularTail()
                var b = popularTail()
                if b == a { b = (a + 1 + rng.below(tailCount - 1)) % tailCount }
                return PairKey(hubCount + a, hubCount + b)
            }
        }

        /// Lower indices are more popular: the minimum of two uniform draws.
        mutating func popularTail() -> Int { min(rng.below(tailCount), rng.below(tailCount)) }

        mutating func weightedHub(excluding excluded: Int?) -> Int {
            let weights = (0..<hubCount).map { $0 == excluded ? 0 : SyntheticMarket.hubWeights[$0] }
            return rng.weighted(weights)
        }

        /// Fee tiers in the order a pair gets them: stables at 0.01 %, ETH–LST at 0.05 %,
        /// majors at 0.05 % then 0.30 %, the tail at 0.30 % then 1 %.
        func preferredTiers(_ pair: PairKey) -> [Int] {
            let a = tokens[pair.low], b = tokens[pair.high]
            guard a.isHub, b.isHub else { return [2, 3, 1, 0] }
            switch (a.peg, b.peg) {
            case (.usd, .usd): return [0, 1, 2, 3]
            case (.eth, .eth): return [1, 0, 2, 3]
            default: return [1, 2, 0, 3]
            }
        }
    }
}

// MARK: - Building one pool

extension SyntheticMarket {
    /// TVL ranges in USD as price ticks (1.0001^tick): $10k = 92108, $100k = 115135, $1M = 138162,
    /// $10M = 161189, $50M = 177284. Hub pairs are the deep ones; the tail is shallower.
    static let hubPairTVLTicks: ClosedRange<Int> = 115135...177284
    static let hubTailTVLTicks: ClosedRange<Int> = 92108...161189
    static let tailTailTVLTicks: ClosedRange<Int> = 92108...138162

    /// Reference liquidity for valuing a range: positions are linear in L, so
    /// L = L_ref · target / value(L_ref). 2^96 keeps the amounts of the narrowest range on the
    /// cheapest token far above rounding.
    static let referenceLiquidity: UInt128 = 1 << 96

    static func build(_ plan: PoolPlan, tokens: [SyntheticToken], taken: inout Set<Address>, rng: inout SyntheticRandom) throws -> (MarketPool, events: UInt64) {
        let (t0, t1) = tokens[plan.pair.low].token.address < tokens[plan.pair.high].token.address
            ? (tokens[plan.pair.low], tokens[plan.pair.high]) : (tokens[plan.pair.high], tokens[plan.pair.low])
        let (fee, tickSpacing): (UInt32, Int32) = switch plan.slot {
        case .tier(let index): feeTiers[index]
        case .constantProduct: (constantProductFee, 0)
        }

        // Pools drift within a fraction of their fee from the reference price, as arbitrage
        // leaves them: ±fee/4 on √P is ±fee/2 on the price (at most ±0.5 % for the 1 % tier).
        let jitter = rng.below(Int(fee) / 2 + 1) - Int(fee) / 4
        let sqrtPrice = try FullMath.mulDiv(try referenceSqrtPrice(t0, t1), UInt256(UInt64(1_000_000 + jitter)), UInt256(1_000_000))

        let tvlTicks = t0.isHub && t1.isHub ? hubPairTVLTicks : (t0.isHub || t1.isHub ? hubTailTVLTicks : tailTailTVLTicks)
        let tvlE18 = try usdE18(priceTick: Int32(rng.inRange(tvlTicks)))

        let state: Pool
        let events: UInt64
        switch plan.slot {
        case .tier:
            let (pool, positions) = try concentratedPool(fee: fee, tickSpacing: tickSpacing, sqrtPrice: sqrtPrice, tvlE18: tvlE18, t0, t1, rng: &rng)
            state = .concentrated(pool)
            events = 2 + positions
        case .constantProduct:
            // Half the value on each side, the second reserve set by the pool's price.
            let reserve0 = try FullMath.mulDiv(tvlE18 >> 1, t0.unit, t0.usdE18)
            let reserve1 = try FullMath.mulDiv(try FullMath.mulDiv(reserve0, sqrtPrice, FixedPoint96.q96), sqrtPrice, FixedPoint96.q96)
            state = .constantProduct(try ConstantProductPool(fee: fee, reserve0: reserve0, reserve1: reserve1))
            events = 2
        }

        // Like CREATE2: the address is a hash of the deployment and the pool's key.
        let kind: UInt8 = plan.slot == .constantProduct ? 2 : 3
        let address = uniqueAddress(taken: &taken) { nonce in
            bytes("BaseBook synthetic pool") + bigEndian(UInt64(plan.factory)) + t0.token.address.bytes + t1.token.address.bytes
                + [kind] + bigEndian(UInt64(fee)) + bigEndian(nonce)
        }
        return (MarketPool(address: address, token0: t0.token.address, token1: t1.token.address, state: state), events)
    }

    /// ⌊√(price1/price0 in raw units) · 2^96⌋ exactly: raw token1 per raw token0 is
    /// (usd0/10^d0) / (usd1/10^d1). The quotient times 2^192 stays below 2^256 for the
    /// extreme pair of the price and decimals ranges (≈ 10^19 · 2^192 < 2^256).
    static func referenceSqrtPrice(_ t0: SyntheticToken, _ t1: SyntheticToken) throws -> UInt256 {
        let ratioX192 = try FullMath.mulDiv(try t0.usdE18 * t1.unit, UInt256.one << 192, try t1.usdE18 * t0.unit)
        return try squareRoot(ratioX192)
    }

    /// Half-widths of positions in ticks (1 tick ≈ 0.01 %), by how the pair trades.
    static func halfWidths(_ t0: SyntheticToken, _ t1: SyntheticToken) -> [Int] {
        switch (t0.peg, t1.peg) {
        case (.usd, .usd): [2, 5, 10, 20, 50, 100]
        case (.eth, .eth): [5, 10, 30, 100, 300]
        default: [100, 300, 700, 1500, 3000, 6000, 12000, 24000]
        }
    }

    /// A pool initialized at `sqrtPrice` with 2–6 positions around it (the first always spans
    /// the price, so the active liquidity is never zero; others sometimes sit just above or
    /// below, as resting range orders) and often a full-range one, sized to sum to `tvlE18`.
    /// No two positions share a tick: the snapshot carries only liquidityNet, so shared or
    /// cancelling ticks would not survive a round trip unchanged.
    static func concentratedPool(fee: UInt32, tickSpacing: Int32, sqrtPrice: UInt256, tvlE18: UInt256,
                                 _ t0: SyntheticToken, _ t1: SyntheticToken, rng: inout SyntheticRandom) throws -> (ConcentratedPool, positions: UInt64) {
        var pool = try ConcentratedPool(fee: fee, tickSpacing: tickSpacing, initialSqrtPriceX96: sqrtPrice)
        let spacing = Int(tickSpacing)
        let tick = Int(pool.tick)
        let minUsable = Int(TickMath.minTick) / spacing * spacing
        let maxUsable = Int(TickMath.maxTick) / spacing * spacing
        let widths = halfWidths(t0, t1)

        var ranges: [(lower: Int, upper: Int)] = []
        var used = Set<Int>()
        func free(_ start: Int, step: Int) -> Int {
            var t = start
            while used.contains(t) { t += step }
            return t
        }
        let concentrated = 2 + rng.below(5)
        for index in 0..<concentrated {
            let half = max(1, widths[rng.below(widths.count)] * (50 + rng.below(101)) / 100)
            let lower: Int, upper: Int
            switch index == 0 ? 0 : rng.below(10) {
            case 0..<8: // spanning the price, not necessarily centred
                lower = free(floor(tick - max(1, half * (50 + rng.below(101)) / 100), spacing), step: -spacing)
                upper = free(ceil(tick + 1 + max(1, half * (50 + rng.below(101)) / 100), spacing), step: spacing)
            case 8: // just above the price: token0 only
                lower = free(ceil(tick + 1 + rng.below(half + 1), spacing), step: spacing)
                upper = free(ceil(lower + 2 * half, spacing) + spacing, step: spacing)
            default: // just below: token1 only
                upper = free(floor(tick - rng.below(half + 1), spacing), step: -spacing)
                lower = free(floor(upper - 2 * half, spacing) - spacing, step: -spacing)
            }
            guard lower >= minUsable, upper <= maxUsable, lower < upper else { continue }
            used.insert(lower)
            used.insert(upper)
            ranges.append((lower, upper))
        }
        if rng.below(10) < 4, !used.contains(minUsable), !used.contains(maxUsable) {
            ranges.append((minUsable, maxUsable))
        }

        let weights = ranges.map { _ in UInt256(UInt64(1 + rng.below(10))) }
        let totalWeight = weights.reduce(UInt256.zero) { $0 &+ $1 }
        // No tick ever carries more than one position's liquidity, and at most 7 positions
        // are active at once, so this cap keeps every mint within the per-tick and uint128 limits.
        let cap = UInt256(TickTable.maxLiquidityPerTick(tickSpacing: tickSpacing) / 8)
        var minted: UInt64 = 0
        for (range, weight) in zip(ranges, weights) {
            let lowerPrice = try TickMath.sqrtPriceAtTick(Int32(range.lower))
            let upperPrice = try TickMath.sqrtPriceAtTick(Int32(range.upper))
            // mint picks the token side by tick, amountsForLiquidity by price; they agree because
            // a fresh pool's price lies in [√P(tick), √P(tick + 1)) and bounds are whole ticks.
            let (amount0, amount1) = try LiquidityAmounts.amountsForLiquidity(sqrtPriceX96: pool.sqrtPriceX96, sqrtRatioAX96: lowerPrice,
                                                                              sqrtRatioBX96: upperPrice, liquidity: referenceLiquidity)
            let value = try FullMath.mulDiv(amount0, t0.usdE18, t0.unit) + FullMath.mulDiv(amount1, t1.usdE18, t1.unit)
            guard !value.isZero else { continue }
            let target = try FullMath.mulDiv(tvlE18, weight, totalWeight)
            let liquidity = max(UInt256.one, min(cap, try FullMath.mulDiv(UInt256(referenceLiquidity), target, value)))
            try pool.mint(tickLower: Int32(range.lower), tickUpper: Int32(range.upper), amount: liquidity.exactUInt128!)
            minted += 1
        }
        return (pool, minted)
    }

    /// Largest multiple of `spacing` ≤ value (Swift's `/` truncates toward zero).
    static func floor(_ value: Int, _ spacing: Int) -> Int {
        let q = value / spacing
        return (value % spacing != 0 && value < 0 ? q - 1 : q) * spacing
    }

    /// Smallest multiple of `spacing` ≥ value.
    static func ceil(_ value: Int, _ spacing: Int) -> Int {
        let q = value / spacing
        return (value % spacing != 0 && value > 0 ? q + 1 : q) * spacing
    }
}

// MARK: - Small helpers

extension SyntheticMarket {
    /// ⌊√n⌋ by Newton's iteration from above: x₀ = 2^⌈bits/2⌉ ≥ √n, then x ← (x + n/x)/2
    /// decreases strictly until it reaches ⌊√n⌋.
    static func squareRoot(_ n: UInt256) throws -> UInt256 {
        if n.isZero { return .zero }
        var x = UInt256.one << ((n.bitWidth + 1) / 2)
        while true {
            let next = (x &+ (try n / x)) >> 1
            if next >= x { return x }
            x = next
        }
    }

    static func powerOfTen(_ exponent: UInt8) -> UInt256 {
        var value = UInt256.one
        for _ in 0..<exponent { value = value &* UInt256(10) }
        return value
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// The last 20 bytes of keccak256(preimage), as Ethereum derives addresses, retried with
    /// the next nonce in the (astronomically unlikely) case it is already taken.
    static func uniqueAddress(taken: inout Set<Address>, preimage: (UInt64) -> [UInt8]) -> Address {
        var nonce: UInt64 = 0
        while true {
            let address = Address(bytes: Keccak256.hash(preimage(nonce)).suffix(20))
            if taken.insert(address).inserted { return address }
            nonce += 1
        }
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014) with its own bounded draws: fully specified, so a seed
/// gives the same market everywhere, which the stdlib's `random(in:using:)` does not promise.
struct SyntheticRandom: Sendable {
    private var state: UInt64

    /// Independent streams from one seed, so adding a draw in one phase leaves the others alone.
    init(seed: UInt64, stream: UInt64, index: UInt64 = 0) {
        state = Self.mix(seed ^ Self.mix(stream &* 0x9E37_79B9_7F4A_7C15 &+ Self.mix(index)))
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// Uniform in 0..<bound, unbiased (Lemire's multiply-shift with rejection).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "empty range")
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold { product = next().multipliedFullWidth(by: b) }
        }
        return Int(product.high)
    }

    mutating func inRange(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// An index drawn with probability proportional to its weight (weights ≥ 0, not all zero).
    mutating func weighted(_ weights: [Int]) -> Int {
        var draw = below(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if draw < weight { return index }
            draw -= weight
        }
        return weights.count - 1
    }
}
