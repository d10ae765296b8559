import DEXMath
import Foundation
import Market
import Testing

@Suite struct SyntheticMarketTests {
    static let weth = Address("0x4200000000000000000000000000000000000006")!
    static let usdc = Address("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913")!
    static let usdbc = Address("0xd9aAEc86B65D86f6A7B5B1b0c42FFA531710b6CA")!
    static let dai = Address("0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb")!
    static let cbETH = Address("0x2Ae3F1Ec7F1F5012CFEab0185bfc7aa3cf0DEc22")!
    /// The hubs' reference USD prices, as the generator states them.
    static let hubUSD: [Address: Double] = [weth: 3000, usdc: 1, usdbc: 1, dai: 1, cbETH: 3200]

    static func json(_ snapshot: MarketSnapshot) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(snapshot)
    }

    // MARK: Float views, for checking only (the generated state itself is integers).

    static func double(_ value: UInt256) -> Double { Double(value.decimalString)! }

    /// Raw token1 per raw token0 at the pool's current price.
    static func rawPrice(_ pool: MarketPool) -> Double {
        switch pool.state {
        case .concentrated(let p):
            let sqrt = double(p.sqrtPriceX96) / 0x1p96
            return sqrt * sqrt
        case .constantProduct(let p):
            return double(p.reserve1) / double(p.reserve0)
        }
    }

    /// USD per whole token1 implied by the pool, given token0's USD price (and vice versa).
    static func impliedUSD(of token: Address, in pool: MarketPool, counterpartUSD: Double, decimals: [Address: UInt8]) -> Double {
        let d0 = Double(decimals[pool.token0]!), d1 = Double(decimals[pool.token1]!)
        // Whole token1 per whole token0.
        let price = rawPrice(pool) * pow(10, d0 - d1)
        return token == pool.token0 ? counterpartUSD * price : counterpartUSD / price
    }

    /// What a concentrated pool holds, summed interval by interval between initialized ticks.
    static func holdings(_ pool: ConcentratedPool) throws -> (amount0: UInt256, amount1: UInt256) {
        var total0 = UInt256.zero, total1 = UInt256.zero
        var liquidity: Int128 = 0
        for (info, next) in zip(pool.ticks, pool.ticks.dropFirst()) {
            liquidity += info.liquidityNet
            guard liquidity > 0 else { continue }
            let (a0, a1) = try LiquidityAmounts.amountsForLiquidity(
                sqrtPriceX96: pool.sqrtPriceX96, sqrtRatioAX96: try TickMath.sqrtPriceAtTick(info.index),
                sqrtRatioBX96: try TickMath.sqrtPriceAtTick(next.index), liquidity: UInt128(liquidity))
            total0 = try total0 + a0
            total1 = try total1 + a1
        }
        return (total0, total1)
    }

    static func limit(zeroForOne: Bool) -> UInt256 {
        zeroForOne ? TickMath.minSqrtRatio &+ .one : TickMath.maxSqrtRatio &- .one
    }

    // MARK: Tests

    @Test func sameSeedSameBytesDifferentSeedDifferentMarket() throws {
        let a = try SyntheticMarket.generate(pools: 100, tokens: 40, seed: 42)
        let b = try SyntheticMarket.generate(pools: 100, tokens: 40, seed: 42)
        #expect(a == b)
        // Byte-identical with sorted keys only: Foundation's JSONEncoder on Linux writes an
        // object's keys in hash order, which differs from one encode to the next.
        #expect(try Self.json(a) == Self.json(b))

        let c = try SyntheticMarket.generate(pools: 100, tokens: 40, seed: 43)
        #expect(c != a)
        #expect(Set(c.tokens.dropFirst(5).map(\.address)).isDisjoint(with: a.tokens.dropFirst(5).map(\.address)))
        #expect(try SyntheticMarket.generate(pools: 100, tokens: 40, seed: 42, chainId: 84532).chainId == 84532)
    }

    /// Pinned digest of a small market's contents (not its JSON, so Foundation's formatting is
    /// out of it): a change to the generator that alters its output, and so every benchmark's
    /// input, shows up here and must be deliberate.
    @Test func outputIsPinned() throws {
        let snapshot = try SyntheticMarket.generate(pools: 30, tokens: 12, seed: 7)
        var text = "\(snapshot.chainId) \(snapshot.sequence)\n"
        for token in snapshot.tokens { text += "\(token.address) \(token.symbol) \(token.decimals)\n" }
        for pool in snapshot.pools {
            text += "\(pool.address) \(pool.token0) \(pool.token1) \(pool.state.fee)"
            switch pool.state {
            case .concentrated(let p):
                text += " \(p.tickSpacing) \(p.sqrtPriceX96) \(p.tick) \(p.liquidity)"
                for tick in p.ticks { text += " \(tick.index):\(tick.liquidityNet)" }
            case .constantProduct(let p):
                text += " \(p.reserve0) \(p.reserve1)"
            }
            text += "\n"
        }
        let digest = Keccak256Tests.hex(Array(Keccak256.hash(Array(text.utf8)).prefix(8)))
        #expect(digest == "aa55d2e2acf96058")
    }

    @Test(arguments: [(100, 40), (0, 0), (0, 10), (1, 2), (3, 3), (4, 5), (10, 5), (12, 30), (60, 3), (250, 120)])
    func exactCountsUniqueAddressesOrderedTokens(pools: Int, tokens: Int) throws {
        let snapshot = try SyntheticMarket.generate(pools: pools, tokens: tokens, seed: 5)
        #expect(snapshot.pools.count == pools)
        #expect(snapshot.tokens.count == tokens)
        #expect(snapshot.chainId == 8453)
        let tokenAddresses = Set(snapshot.tokens.map(\.address))
        #expect(tokenAddresses.count == tokens)
        #expect(Set(snapshot.pools.map(\.address)).count == pools)
        #expect(tokenAddresses.isDisjoint(with: snapshot.pools.map(\.address)))
        for pool in snapshot.pools {
            #expect(pool.token0 < pool.token1)
            #expect(tokenAddresses.contains(pool.token0) && tokenAddresses.contains(pool.token1))
        }
        // Hubs first, at their real addresses.
        #expect(snapshot.tokens.prefix(5).map(\.address) == Array([Self.weth, Self.usdc, Self.usdbc, Self.dai, Self.cbETH].prefix(tokens)))
        #expect(snapshot.tokens.allSatisfy { [6, 8, 18].contains($0.decimals) })
    }

    @Test func everyTokenIsInAPoolWhenThereAreEnoughPools() throws {
        // tokens − 1 pools connect everything; with fewer, the tail beyond the budget stays unpaired.
        for (pools, tokens) in [(100, 40), (39, 40), (60, 60), (300, 300)] {
            let snapshot = try SyntheticMarket.generate(pools: pools, tokens: tokens, seed: 11)
            let used = Set(snapshot.pools.flatMap { [$0.token0, $0.token1] })
            #expect(used.count == min(tokens, pools + 1), "\(pools) pools, \(tokens) tokens")
        }
    }

    @Test(arguments: [(100, 40), (250, 120), (12, 30), (60, 3), (4, 5)])
    func poolGraphIsConnectedThroughTheHubs(pools: Int, tokens: Int) throws {
        let snapshot = try SyntheticMarket.generate(pools: pools, tokens: tokens, seed: 9)
        var neighbours: [Address: [Address]] = [:]
        for pool in snapshot.pools {
            neighbours[pool.token0, default: []].append(pool.token1)
            neighbours[pool.token1, default: []].append(pool.token0)
        }
        var reached: Set<Address> = [Self.weth]
        var frontier = [Self.weth]
        while let token = frontier.popLast() {
            for next in neighbours[token, default: []] where reached.insert(next).inserted { frontier.append(next) }
        }
        #expect(Set(neighbours.keys).isSubset(of: reached), "tokens unreachable from WETH: \(Set(neighbours.keys).subtracting(reached).count)")
    }

    @Test func roundTripsThroughTheSnapshotFormat() throws {
        let snapshot = try SyntheticMarket.generate(pools: 100, tokens: 40, seed: 3)
        let data = try Self.json(snapshot)
        let decoded = try JSONDecoder().decode(MarketSnapshot.self, from: data)
        // Exact equality, liquidityGross included: no two positions share a tick.
        #expect(decoded == snapshot)
        #expect(try Self.json(decoded) == data)
        for pool in snapshot.pools {
            let again = try JSONDecoder().decode(MarketPool.self, from: JSONEncoder().encode(pool))
            #expect(again == pool)
        }
    }

    /// One 1,000-pool market shared by the statistical tests (generating it is the slow part).
    static let large = Result { try SyntheticMarket.generate(pools: 1000, tokens: 300, seed: 1) }

    @Test func realisticComposition() throws {
        let snapshot = try Self.large.get()
        let constantProduct = snapshot.pools.filter { $0.state.kind == .constantProduct }
        #expect((100...150).contains(constantProduct.count), "\(constantProduct.count) constant-product pools")
        #expect(constantProduct.allSatisfy { $0.state.fee == 3000 })

        let tiers = Dictionary(grouping: snapshot.pools.filter { $0.state.kind == .concentrated }, by: \.state.fee).mapValues(\.count)
        #expect(Set(tiers.keys) == [100, 500, 3000, 10000], "\(tiers)")
        for case .concentrated(let pool) in snapshot.pools.map(\.state) {
            let expectedSpacing: Int32 = switch pool.fee { case 100: 1; case 500: 10; case 3000: 60; default: 200 }
            #expect(pool.tickSpacing == expectedSpacing)
            #expect(pool.liquidity > 0, "every pool has liquidity at its price")
            #expect(pool.ticks.count >= 4, "at least two positions")
        }
        let fullRange = snapshot.pools.filter {
            guard case .concentrated(let p) = $0.state else { return false }
            return p.ticks.first?.index == TickMath.minTick / p.tickSpacing * p.tickSpacing
        }
        #expect(fullRange.count > 100, "full-range positions are common")

        // WETH/USDC, the deepest pair, exists at several fee tiers.
        let wethUSDC = snapshot.pools.filter { $0.token0 == Self.weth && $0.token1 == Self.usdc }
        #expect(Set(wethUSDC.map(\.state.fee)).count >= 3)
        // A long tail: most pools involve a tail token, and some pair two tail tokens.
        let hubs = Set(Self.hubUSD.keys)
        let tailTail = snapshot.pools.filter { !hubs.contains($0.token0) && !hubs.contains($0.token1) }
        #expect(tailTail.count > 50)
        let slots = Set(snapshot.pools.map { "\($0.token0)\($0.token1)\($0.state.kind)\($0.state.fee)" })
        #expect(slots.count == snapshot.pools.count, "no duplicate pool keys while unique ones remain")
    }

    @Test func hubPricesMatchTheReferencePrices() throws {
        let snapshot = try Self.large.get()
        let decimals = Dictionary(uniqueKeysWithValues: snapshot.tokens.map { ($0.address, $0.decimals) })
        let wethUSDC = snapshot.pools.filter { $0.token0 == Self.weth && $0.token1 == Self.usdc }
        #expect(!wethUSDC.isEmpty)
        for pool in wethUSDC {
            // Whole USDC per whole WETH = raw price · 10^(18 − 6), computed exactly.
            let usdcPerWeth: UInt256 = switch pool.state {
            case .concentrated(let p): try FullMath.mulDiv(try p.sqrtPriceX96 * p.sqrtPriceX96, UInt256(1_000_000_000_000), UInt256.one << 192)
            case .constantProduct(let p): try FullMath.mulDiv(p.reserve1, UInt256(1_000_000_000_000), p.reserve0)
            }
            #expect((2970...3030).contains(usdcPerWeth.exactUInt64 ?? 0), "\(usdcPerWeth) USDC per WETH in \(pool.address)")
        }
        for pool in snapshot.pools {
            guard let usd0 = Self.hubUSD[pool.token0], let usd1 = Self.hubUSD[pool.token1] else { continue }
            let implied = Self.impliedUSD(of: pool.token1, in: pool, counterpartUSD: usd0, decimals: decimals)
            #expect(abs(implied / usd1 - 1) < 0.01, "\(pool.address): \(implied) vs \(usd1)")
        }
    }

    /// Every pool prices a tail token within ±0.5 % of its reference, so any two agree within ~1 %.
    @Test func tailPricesAgreeAcrossPools() throws {
        let snapshot = try Self.large.get()
        let decimals = Dictionary(uniqueKeysWithValues: snapshot.tokens.map { ($0.address, $0.decimals) })
        var implied: [Address: [Double]] = [:]
        for pool in snapshot.pools {
            if let usd0 = Self.hubUSD[pool.token0], Self.hubUSD[pool.token1] == nil {
                implied[pool.token1, default: []].append(Self.impliedUSD(of: pool.token1, in: pool, counterpartUSD: usd0, decimals: decimals))
            } else if let usd1 = Self.hubUSD[pool.token1], Self.hubUSD[pool.token0] == nil {
                implied[pool.token0, default: []].append(Self.impliedUSD(of: pool.token0, in: pool, counterpartUSD: usd1, decimals: decimals))
            }
        }
        #expect(implied.count == 295)
        var reference: [Address: Double] = [:]
        for (token, prices) in implied {
            #expect(prices.max()! / prices.min()! < 1.0102, "\(token): \(prices)")
            // Log-uniform in [$0.0001, $1000].
            #expect(prices.allSatisfy { (0.0000995...1005).contains($0) })
            reference[token] = prices[0]
        }
        let logs = reference.values.map { log10($0) }
        #expect(logs.min()! < -2.5 && logs.max()! > 1.5, "prices span the range")
        // Tail–tail pools price the pair consistently with both tokens' hub prices.
        for pool in snapshot.pools {
            guard let usd0 = reference[pool.token0], let usd1 = reference[pool.token1] else { continue }
            let price = Self.impliedUSD(of: pool.token1, in: pool, counterpartUSD: usd0, decimals: decimals)
            #expect(abs(price / usd1 - 1) < 0.016, "\(pool.address)")
        }
    }

    /// TVL of every pool touching a hub, valued at the hub's price: within $10k–$50M (a little
    /// slack for rounding and the liquidity cap).
    @Test func poolValuesAreRealistic() throws {
        let snapshot = try SyntheticMarket.generate(pools: 300, tokens: 100, seed: 6)
        let decimals = Dictionary(uniqueKeysWithValues: snapshot.tokens.map { ($0.address, $0.decimals) })
        var values: [Double] = []
        for pool in snapshot.pools {
            let (amount0, amount1): (UInt256, UInt256) = switch pool.state {
            case .concentrated(let p): try Self.holdings(p)
            case .constantProduct(let p): (p.reserve0, p.reserve1)
            }
            let usd0: Double, usd1: Double
            if let hub = Self.hubUSD[pool.token0] {
                usd0 = hub
                usd1 = Self.impliedUSD(of: pool.token1, in: pool, counterpartUSD: hub, decimals: decimals)
            } else if let hub = Self.hubUSD[pool.token1] {
                usd1 = hub
                usd0 = Self.impliedUSD(of: pool.token0, in: pool, counterpartUSD: hub, decimals: decimals)
            } else {
                continue
            }
            let value = Self.double(amount0) / pow(10, Double(decimals[pool.token0]!)) * usd0
                + Self.double(amount1) / pow(10, Double(decimals[pool.token1]!)) * usd1
            #expect((9_000...55_000_000).contains(value), "\(pool.address): $\(value)")
            values.append(value)
        }
        #expect(values.count > 200)
        #expect(values.min()! < 100_000 && values.max()! > 5_000_000, "TVLs spread over orders of magnitude")
    }

    @Test func swapsSucceedOnEveryPool() throws {
        let snapshot = try SyntheticMarket.generate(pools: 100, tokens: 40, seed: 8)
        var crossedTicks = 0
        for marketPool in snapshot.pools {
            switch marketPool.state {
            case .concentrated(var pool):
                let price = pool.sqrtPriceX96
                // Inputs that move √P by about 0.1 % at the active liquidity.
                let in0 = try LiquidityAmounts.amount0ForLiquidity(price &- price >> 10, price, liquidity: pool.liquidity)
                let in1 = try LiquidityAmounts.amount1ForLiquidity(price, price &+ price >> 10, liquidity: pool.liquidity)
                for (zeroForOne, amount) in [(true, in0), (false, in1)] {
                    let exactIn = try pool.swap(zeroForOne: zeroForOne, amountSpecified: Int256(exactly: amount)!, sqrtPriceLimitX96: Self.limit(zeroForOne: zeroForOne))
                    let out = zeroForOne ? exactIn.amount1 : exactIn.amount0
                    #expect(out.isNegative, "\(marketPool.address) paid out nothing")
                    // Exact output of what exact input gave needs at most the same input.
                    let exactOut = try pool.swap(zeroForOne: zeroForOne, amountSpecified: out, sqrtPriceLimitX96: Self.limit(zeroForOne: zeroForOne))
                    let paid = zeroForOne ? exactOut.amount0 : exactOut.amount1
                    #expect(paid.magnitude <= amount)
                }
                // A swap far larger than the pool's depth crosses its ticks and drains one side.
                let (held0, _) = try Self.holdings(pool)
                let big = try pool.executeSwap(zeroForOne: true, amountSpecified: Int256(exactly: try held0 * UInt256(100) + UInt256(1_000_000))!, sqrtPriceLimitX96: Self.limit(zeroForOne: true))
                #expect(big.amount1.isNegative)
                crossedTicks += big.ticksCrossed
            case .constantProduct(let pool):
                for zeroForOne in [true, false] {
                    let amount = (zeroForOne ? pool.reserve0 : pool.reserve1) >> 10
                    let result = try pool.swap(zeroForOne: zeroForOne, amountSpecified: Int256(exactly: amount)!)
                    #expect((zeroForOne ? result.amount1 : result.amount0).isNegative)
                }
            }
        }
        #expect(crossedTicks > 100)
    }

    @Test(arguments: [(-1, 10), (10, -1), (1, 1), (1, 0), (SyntheticMarket.maxCount + 1, 10)])
    func rejectsImpossibleParameters(pools: Int, tokens: Int) {
        #expect(throws: SyntheticMarket.ParameterError.self) { try SyntheticMarket.generate(pools: pools, tokens: tokens, seed: 1) }
    }

    /// Informational: generation time in this build (the router benchmarks generate 10,000 pools).
    @Test func generatesAThousandPoolsQuickly() throws {
        var snapshot: MarketSnapshot?
        let elapsed = try ContinuousClock().measure {
            snapshot = try SyntheticMarket.generate(pools: 1000, tokens: 300, seed: 12)
        }
        #expect(snapshot?.pools.count == 1000)
        print("SyntheticMarket: 1,000 pools / 300 tokens in \(elapsed)")
        #expect(elapsed < .seconds(20))
    }
}
