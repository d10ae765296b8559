import DEXMath
import Foundation
import Market
import Testing

@Suite("Devnet market")
struct DevnetMarketTests {
    static let start: Int64 = 1_750_000_000

    static func market(seed: UInt64 = 7, swapsPerSecond: Double = 2) throws -> DevnetMarket {
        try DevnetMarket(configuration: DevnetConfiguration(seed: seed, swapsPerSecond: swapsPerSecond, startTime: start))
    }

    static func blocks(_ market: inout DevnetMarket, count: Int) -> [DevnetBlock] {
        (0..<count).map { _ in market.nextBlock() }
    }

    static func encoded(_ blocks: [DevnetBlock]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(blocks)
    }

    @Test("the same configuration gives byte-identical blocks; another seed does not")
    func determinism() throws {
        var a = try Self.market()
        var b = try Self.market()
        var c = try Self.market(seed: 8)
        let first = [a.genesis] + Self.blocks(&a, count: 300)
        let second = [b.genesis] + Self.blocks(&b, count: 300)
        let other = [c.genesis] + Self.blocks(&c, count: 300)
        #expect(try Self.encoded(first) == Self.encoded(second))
        #expect(try Self.encoded(first) != Self.encoded(other))
        #expect(a.state.snapshot() == b.state.snapshot())
    }

    @Test("every event applies to a fresh state, swaps re-simulate exactly, and the states agree")
    func replayAndResimulate() throws {
        var market = try Self.market()
        var fresh = MarketState(chainId: 8453)
        for token in market.tokens { fresh.register(token) }
        let blocks = [market.genesis] + Self.blocks(&market, count: 1800)

        var concentratedSwaps = 0, pairSwaps = 0, mints = 0, burns = 0
        for block in blocks {
            let trades = Dictionary(uniqueKeysWithValues: block.trades.map { ($0.event, $0) })
            var lastSync: MarketEvent.Sync?
            for event in block.events {
                switch event.payload {
                case .swap(let swap):
                    let trade = try #require(trades[event.id])
                    guard case .concentrated(let pool) = fresh.pools[swap.pool]?.state else { Issue.record("swap on a pool without state"); continue }
                    let result = try pool.swap(zeroForOne: trade.zeroForOne, amountSpecified: trade.amountSpecified,
                                               sqrtPriceLimitX96: try #require(trade.sqrtPriceLimitX96))
                    #expect(result.amount0 == swap.amount0 && result.amount1 == swap.amount1)
                    #expect(result.sqrtPriceX96 == swap.sqrtPriceX96 && result.tick == swap.tick && result.liquidity == swap.liquidity)
                    concentratedSwaps += 1
                case .sync(let sync):
                    lastSync = sync
                case .pairSwap(let swap):
                    let trade = try #require(trades[event.id])
                    guard case .constantProduct(let pair) = fresh.pools[swap.pool]?.state else { Issue.record("pair swap on a pool without state"); continue }
                    // The Sync logged just before was applied already; re-simulate on the reserves before it.
                    let sync = try #require(lastSync)
                    #expect(sync.pool == swap.pool)
                    let before = try ConstantProductPool(fee: pair.fee,
                                                         reserve0: try sync.reserve0 + swap.amount0Out - swap.amount0In,
                                                         reserve1: try sync.reserve1 + swap.amount1Out - swap.amount1In)
                    let result = try before.swap(zeroForOne: trade.zeroForOne, amountSpecified: trade.amountSpecified)
                    #expect(result.reserve0 == sync.reserve0 && result.reserve1 == sync.reserve1)
                    pairSwaps += 1
                case .mint:
                    mints += 1
                case .burn(let burn):
                    #expect(fresh.positions[burn.positionKey, default: 0] >= burn.amount, "burns no more than the owner holds")
                    burns += 1
                case .poolCreated, .initialize:
                    break
                }
                #expect(try fresh.apply(event) != nil, "each event is new")
            }
        }
        #expect(fresh.snapshot() == market.state.snapshot())
        #expect(fresh.positions == market.state.positions)
        #expect(fresh.sequence == market.state.sequence)
        #expect(concentratedSwaps > 1000 && pairSwaps > 50 && mints > 50 && burns > 10)
    }

    @Test("blocks chain up; event identities are unique and log indexes count up within a block")
    func identities() throws {
        var market = try Self.market()
        let blocks = [market.genesis] + Self.blocks(&market, count: 600)
        var ids = Set<EventID>()
        var eventCount = 0
        for (previous, block) in zip(blocks, blocks.dropFirst()) {
            #expect(block.parentHash == previous.hash)
            #expect(block.number == previous.number + 1)
            #expect(block.timestamp == previous.timestamp + 2)
        }
        for block in blocks {
            for (index, event) in block.events.enumerated() {
                #expect(event.context.logIndex == UInt32(index))
                #expect(event.context.blockNumber == block.number && event.context.blockHash == block.hash)
                #expect(event.context.timestamp == block.timestamp && event.context.chainId == 8453)
                ids.insert(event.id)
                eventCount += 1
            }
        }
        #expect(ids.count == eventCount)
        #expect(Set(blocks.map(\.hash)).count == blocks.count)
        // Base-like heights: the genesis block is the height Base had at the start time.
        #expect(blocks[0].number == UInt64((Self.start - DevnetConfiguration.baseGenesisTimestamp) / 2))
    }

    @Test("after hours of trading, arbitrage keeps every pool near the fair price")
    func pricesStaySane() throws {
        var market = try Self.market(seed: 3)
        let weth = try #require(BaseTokenList.entry(symbol: "WETH")).address
        let usdc = try #require(BaseTokenList.entry(symbol: "USDC")).address
        for _ in 0..<(3 * 1800) { _ = market.nextBlock() }

        for pool in market.pools {
            let fair = try #require(market.fairTick(pool: pool.address))
            // Pool price over fair price, both as raw token1 per raw token0.
            let ratio: Double
            switch market.state.pools[pool.address]?.state {
            case .concentrated(let state): ratio = pow(1.0001, Double(Int(state.tick) - Int(fair)))
            case .constantProduct(let pair): ratio = pair.reserve1.doubleValue / pair.reserve0.doubleValue / pow(1.0001, Double(fair))
            case nil: Issue.record("pool \(pool.address) has no state"); continue
            }
            // 5 % is far outside any fee band, so a failure means arbitrage broke.
            #expect(abs(ratio - 1) < 0.05, "pool \(pool.address) is \(ratio) × its fair price")
            if pool.token0 == weth && pool.token1 == usdc || pool.token0 == usdc && pool.token1 == weth {
                // Arbitrage triggers at 1.5 fee bands and trading moves it by at most 1 % more.
                #expect(abs(ratio - 1) < Double(pool.fee) / 1e6 * 1.5 + 0.011, "WETH/USDC stays near its fee band")
            }
        }
        let ethUsd = try #require(market.fairUsd(weth))
        #expect(ethUsd > 2000 && ethUsd < 4500)
        for stable in BaseTokenList.usdStablecoins {
            let usd = try #require(market.fairUsd(stable))
            #expect(abs(usd - 1) < 0.001)
        }
    }

    @Test("every liquidity provider holds positions")
    func positionsByOwner() throws {
        var market = try Self.market()
        for _ in 0..<600 { _ = market.nextBlock() }
        let owners = Set(market.state.positions.keys.map(\.owner))
        #expect(owners == Set(market.liquidityProviders))
        #expect(market.state.positions.values.allSatisfy { $0 > 0 })
    }

    @Test("the token list and pools are Base's, ordered and unique")
    func tokensAndPools() throws {
        let market = try Self.market()
        #expect(BaseTokenList.entry(symbol: "WETH")?.address == Address("0x4200000000000000000000000000000000000006"))
        #expect(BaseTokenList.entry(symbol: "USDC")?.decimals == 6)
        #expect(BaseTokenList.entry(symbol: "cbBTC")?.decimals == 8)
        #expect(Set(BaseTokenList.all.map(\.address)).count == BaseTokenList.all.count)
        #expect(Set(BaseTokenList.usdStablecoins.compactMap { BaseTokenList.entry(address: $0)?.symbol }) == ["USDC", "USDbC", "DAI", "USDT"])
        #expect(Set(market.pools.map(\.address)).count == market.pools.count)
        #expect(market.pools.allSatisfy { $0.token0 < $0.token1 })
        let tiers = Set(market.pools.filter { $0.kind == .concentrated }.map { "\($0.fee)/\($0.tickSpacing ?? 0)" })
        #expect(tiers == ["100/1", "500/10", "3000/60", "10000/200"])
        #expect(market.pools.contains { $0.kind == .constantProduct })
        #expect(market.state.pools.count == market.pools.count)
        // Genesis depth: the WETH/USDC 0.05 % pool holds tens of millions at the fair price.
        let snapshotPools = market.state.snapshot().pools
        #expect(snapshotPools.count == market.pools.count)
    }

    @Test("a configuration out of bounds is refused; a quiet market only arbitrages and provides liquidity")
    func configuration() throws {
        #expect(throws: DevnetConfiguration.Invalid.self) { try DevnetMarket(configuration: DevnetConfiguration(swapsPerSecond: -1, startTime: Self.start)) }
        #expect(throws: DevnetConfiguration.Invalid.self) { try DevnetMarket(configuration: DevnetConfiguration(swapsPerSecond: .nan, startTime: Self.start)) }
        var quiet = try Self.market(swapsPerSecond: 0)
        let blocks = Self.blocks(&quiet, count: 200)
        #expect(blocks.flatMap(\.trades).allSatisfy { $0.reason == .arbitrage })
    }

    @Test("replaying to a checkpoint reproduces the chain; a foreign checkpoint is noticed")
    func replay() throws {
        var original = try Self.market()
        let blocks = Self.blocks(&original, count: 50)
        var restarted = try Self.market()
        let resumed = restarted.replay(through: blocks[29].checkpoint)
        #expect(resumed)
        let next = restarted.nextBlock()
        #expect(next == blocks[30])
        var other = try Self.market(seed: 99)
        let foreign = other.replay(through: blocks[29].checkpoint)
        #expect(!foreign)
        #expect(other.head == other.genesis.checkpoint, "a failed replay leaves the market at genesis")
        var early = try Self.market()
        let tooLate = early.replay(through: blocks[29].checkpoint, notAfter: blocks[10].timestamp)
        #expect(!tooLate && early.head == early.genesis.checkpoint)
    }

}

private extension UInt256 {
    var doubleValue: Double {
        let limb = 18_446_744_073_709_551_616.0
        return ((Double(w3) * limb + Double(w2)) * limb + Double(w1)) * limb + Double(w0)
    }
}
