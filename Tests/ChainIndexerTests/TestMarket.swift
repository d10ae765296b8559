import ChainIndexer
import DEXMath
import Market

/// A small market made of real pool math (mints, swaps crossing ticks, burns) over a run of
/// blocks, with the events' contexts pointing at those blocks: the reference the `rpc` source
/// must reproduce when the same events are served as logs. The devnet market, when present,
/// is the larger reference (DevnetEquivalenceTests).
struct TestMarket {
    static let chainId: UInt64 = 8453
    static let factory = Address("0x33128a8fC17869897dcE68Ed026d694621f6FDfD")!
    static let tokenA = Token(address: Address("0x1111111111111111111111111111111111111111")!, symbol: "AAA", decimals: 18, name: "Token A")
    static let tokenB = Token(address: Address("0x2222222222222222222222222222222222222222")!, symbol: "BBB", decimals: 6, name: "Token B")
    static let tokenC = Token(address: Address("0x3333333333333333333333333333333333333333")!, symbol: "CCC", decimals: 8, name: nil)
    static let poolAB = Address("0xaAaAaAaaAaAaAaaAaAAAAAAAAaaaAaAaAaaAaaAa")!
    static let poolBC = Address("0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB")!
    static let trader = Address("0x000000000000000000000000000000000000beef")!
    static let lp = Address("0x000000000000000000000000000000000000cafe")!

    var blocks: [TestChain.Block] = []
    var events: [MarketEvent] = []
    /// Events grouped by block number.
    var eventsByBlock: [UInt64: [MarketEvent]] = [:]

    /// Blocks 1...`blocks`; pools are created in block 2, so START_BLOCK 1 sees everything.
    init(blocks count: UInt64 = 40, fork: String = "main", forkFrom: UInt64 = 0, seed: UInt64 = 1) {
        var pools: [Address: ConcentratedPool] = [:]
        var parent = Hash32.test("genesis")
        var rng = seed
        func next() -> UInt64 {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            return rng >> 33
        }
        for number in UInt64(1)...count {
            let label = number >= forkFrom && forkFrom > 0 ? "\(fork)-\(number)" : "main-\(number)"
            let hash = Hash32.test("block-\(label)")
            let timestamp = Int64(1_700_000_000 + number * 2)
            // A fork draws different trades from its first block on.
            if forkFrom > 0 && number == forkFrom { rng ^= 0x9E37_79B9_7F4A_7C15 }
            var blockEvents: [MarketEvent] = []
            var logIndex: UInt32 = 0
            func emit(_ payload: MarketEvent.Payload) {
                let tx = Hash32.test("tx-\(label)-\(logIndex)")
                blockEvents.append(MarketEvent(context: EventContext(chainId: Self.chainId, blockNumber: number, blockHash: hash, txHash: tx,
                                                                     logIndex: logIndex, timestamp: timestamp), payload: payload))
                logIndex += 1
            }
            switch number {
            case 1:
                break
            case 2:
                emit(.poolCreated(.init(pool: Self.poolAB, kind: .concentrated, token0: Self.tokenA.address, token1: Self.tokenB.address, fee: 3000, tickSpacing: 60)))
                emit(.poolCreated(.init(pool: Self.poolBC, kind: .concentrated, token0: Self.tokenB.address, token1: Self.tokenC.address, fee: 500, tickSpacing: 10)))
            case 3:
                for (address, fee, spacing, tick) in [(Self.poolAB, UInt32(3000), Int32(60), Int32(-276_320)), (Self.poolBC, 500, 10, 23_030)] {
                    let price = try! TickMath.sqrtPriceAtTick(tick)
                    pools[address] = try! ConcentratedPool(fee: fee, tickSpacing: spacing, initialSqrtPriceX96: price)
                    emit(.initialize(.init(pool: address, sqrtPriceX96: price, tick: pools[address]!.tick)))
                }
            default:
                for address in [Self.poolAB, Self.poolBC] where next() % 3 != 0 {
                    var pool = pools[address]!
                    let spacing = pool.tickSpacing
                    let roll = next() % 10
                    if roll < 3 || pool.liquidity == 0 {
                        let center = pool.tick / spacing * spacing
                        let width = Int32(1 + next() % 20) * spacing
                        let amount = UInt128(1_000_000_000 + next() % 1_000_000_000) * 1_000
                        let (a0, a1) = try! pool.mint(tickLower: center - width, tickUpper: center + width, amount: amount)
                        emit(.mint(.init(pool: address, sender: Self.lp, owner: Self.lp, tickLower: center - width, tickUpper: center + width,
                                         amount: amount, amount0: a0, amount1: a1)))
                    } else if roll == 3, let position = positions[address]?.first {
                        let (a0, a1) = try! pool.burn(tickLower: position.0, tickUpper: position.1, amount: position.2 / 2)
                        emit(.burn(.init(pool: address, owner: Self.lp, tickLower: position.0, tickUpper: position.1, amount: position.2 / 2, amount0: a0, amount1: a1)))
                        positions[address]![0].2 -= position.2 / 2
                    } else {
                        let zeroForOne = next() % 2 == 0
                        let amount = Int256(Int64(1 + next() % 1_000_000) * 1_000)
                        let limit = try! TickMath.sqrtPriceAtTick(zeroForOne ? pool.tick - 2_000 : pool.tick + 2_000)
                        let result = try! pool.executeSwap(zeroForOne: zeroForOne, amountSpecified: amount, sqrtPriceLimitX96: limit)
                        emit(.swap(.init(pool: address, sender: Self.trader, recipient: Self.trader, amount0: result.amount0, amount1: result.amount1,
                                         sqrtPriceX96: result.sqrtPriceX96, liquidity: result.liquidity, tick: result.tick)))
                    }
                    if case .mint(let mint) = blockEvents.last?.payload, mint.pool == address {
                        positions[address, default: []].append((mint.tickLower, mint.tickUpper, mint.amount))
                    }
                    pools[address] = pool
                }
            }
            blocks.append(TestChain.block(number: number, hash: hash, parentHash: parent, timestamp: timestamp, events: blockEvents, factory: Self.factory))
            eventsByBlock[number] = blockEvents
            events += blockEvents
            parent = hash
        }
    }

    private var positions: [Address: [(Int32, Int32, UInt128)]] = [:]

    var chain: TestChain { TestChain(chainId: Self.chainId, factory: Self.factory, blocks: blocks) }

    /// The market state of the events of blocks ≤ `block`, applied directly: what the devnet
    /// source would hold.
    func state(through block: UInt64 = .max) -> MarketState {
        var state = MarketState(chainId: Self.chainId)
        for token in [Self.tokenA, Self.tokenB, Self.tokenC] { state.register(token) }
        for event in events where event.context.blockNumber <= block { try! state.apply(event) }
        return state
    }

    static func nodeTokens() -> [Address: TestNode.TokenBehaviour] {
        Dictionary(uniqueKeysWithValues: [tokenA, tokenB, tokenC].map { ($0.address, .standard(symbol: $0.symbol, name: $0.name, decimals: $0.decimals)) })
    }
}
