import DEXMath
import Foundation
import Market
import Testing

@Suite("Applying events to the market")
struct MarketStateTests {
    typealias F = MarketEventFixtures

    @Test("create, initialize, mint and swap each advance the sequence and change the pool as the contract does")
    func lifecycle() throws {
        var state = try F.market()
        #expect(state.sequence == 3)
        guard case .concentrated(let pool) = state.pools[F.pool]?.state else { Issue.record("pool not initialized"); return }
        #expect(pool.liquidity == 10_000_000_000_000_000)
        #expect(pool.ticks.map(\.index) == [-200_000, -192_000])
        #expect(state.positions[PositionKey(pool: F.pool, owner: F.owner, tickLower: -200_000, tickUpper: -192_000)] == 10_000_000_000_000_000)

        let swap = try F.swapEvent(4, in: state, amountIn: 1_000_000_000_000_000_000, timestamp: 1_750_000_100)
        let applied = try state.apply(swap)
        #expect(applied?.sequence == 4)
        guard case .swap(let payload) = swap.payload, case .concentrated(let after) = state.pools[F.pool]?.state else { return }
        #expect(after.sqrtPriceX96 == payload.sqrtPriceX96)
        #expect(after.tick == payload.tick)
        #expect(state.pools[F.pool]?.lastSequence == 4)
        #expect(state.timestamp == 1_750_000_100)
    }

    @Test("an event applied twice changes nothing the second time")
    func replayIsANoOp() throws {
        var state = try F.market()
        let swap = try F.swapEvent(4, in: state, amountIn: 5_000_000_000_000_000, timestamp: 1_750_000_100)
        try state.apply(swap)
        let before = state.snapshot()
        #expect(try state.apply(swap) == nil)
        #expect(try state.apply(F.mint(3)) == nil)
        #expect(state.snapshot() == before)
        #expect(state.sequence == 4)
    }

    @Test("a rejected event leaves the state exactly as it was", arguments: [
        "unknown pool", "burn too much", "double initialize", "unknown token", "wrong chain", "tick off spacing",
    ])
    func rejectedEventsChangeNothing(_ scenario: String) throws {
        var state = try F.market()
        let before = state.snapshot()
        let positions = state.positions
        let stray = Address("0x00000000000000000000000000000000000000ff")!
        let event: MarketEvent = switch scenario {
        case "unknown pool": F.event(9, .initialize(.init(pool: stray, sqrtPriceX96: try TickMath.sqrtPriceAtTick(0), tick: 0)))
        case "burn too much": F.event(9, .burn(.init(pool: F.pool, owner: F.owner, tickLower: -200_000, tickUpper: -192_000,
                                                     amount: 10_000_000_000_000_001, amount0: .zero, amount1: .zero)))
        case "double initialize": F.event(9, .initialize(.init(pool: F.pool, sqrtPriceX96: try TickMath.sqrtPriceAtTick(0), tick: 0)))
        case "unknown token": F.event(9, .poolCreated(.init(pool: stray, kind: .concentrated, token0: F.weth.address, token1: stray, fee: 3000, tickSpacing: 60)))
        case "wrong chain": MarketEvent(context: EventContext(chainId: 1, blockNumber: 1, blockHash: F.context(9).blockHash, txHash: F.context(9).txHash,
                                                              logIndex: 0, timestamp: 0), payload: F.mint(9).payload)
        default: F.mint(9, lower: -200_005, upper: -192_000)
        }
        #expect(throws: MarketEventError.self) { try state.apply(event) }
        #expect(state.snapshot() == before)
        #expect(state.positions == positions)
        #expect(!state.hasApplied(event))
    }

    @Test("burning a whole position removes it and its ticks")
    func burnAll() throws {
        var state = try F.market()
        try state.apply(F.event(4, .burn(.init(pool: F.pool, owner: F.owner, tickLower: -200_000, tickUpper: -192_000,
                                               amount: 10_000_000_000_000_000, amount0: .zero, amount1: .zero))))
        #expect(state.positions.isEmpty)
        guard case .concentrated(let pool) = state.pools[F.pool]?.state else { return }
        #expect(pool.liquidity == 0)
        #expect(pool.ticks.isEmpty)
    }

    @Test("the change feed lists only pools changed after the sequence, with their tokens")
    func changes() throws {
        var state = try F.market()
        try state.apply(F.event(4, .poolCreated(.init(pool: F.tailPool, kind: .constantProduct, token0: F.tail.address, token1: F.weth.address,
                                                      fee: 3000, tickSpacing: nil))))
        try state.apply(F.event(5, .sync(.init(pool: F.tailPool, reserve0: 1_000_000, reserve1: 2_000_000))))
        let changes = state.changes(after: 3)
        #expect(changes.sequence == 5)
        #expect(changes.pools.map(\.address) == [F.tailPool])
        #expect(Set(changes.tokens.map(\.symbol)) == ["TAIL", "WETH"])
        #expect(state.changes(after: 5).pools.isEmpty)
        #expect(state.snapshot().pools.count == 2)
    }

    @Test("events survive a JSON round trip as flat objects with decimal-string amounts")
    func codable() throws {
        let state = try F.market()
        let events = [F.created(), try F.initialized(), F.mint(3), try F.swapEvent(4, in: state, amountIn: 123_456_789, timestamp: 1_750_000_001),
                      F.event(5, .sync(.init(pool: F.tailPool, reserve0: .max >> 144, reserve1: 7))),
                      F.event(6, .pairSwap(.init(pool: F.tailPool, sender: F.trader, recipient: F.owner, amount0In: 5, amount1In: 0, amount0Out: 0, amount1Out: 9)))]
        let data = try JSONEncoder().encode(events)
        #expect(try JSONDecoder().decode([MarketEvent].self, from: data) == events)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(events[2])) as? [String: Any]
        #expect(object?["kind"] as? String == "mint")
        #expect(object?["amount"] as? String == "10000000000000000")
        #expect(object?["txHash"] as? String == F.context(3).txHash.description)
    }
}
