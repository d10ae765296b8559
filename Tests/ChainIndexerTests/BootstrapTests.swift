import ChainIndexer
import DEXMath
import Foundation
import Market
import Testing

@Suite struct BootstrapTests {
    static func node(_ market: TestMarket) async -> TestNode {
        let node = await RPCEventSourceTests.node(market.chain)
        let states = (0...market.blocks.count).map { market.state(through: UInt64($0)) }
        await node.update {
            $0.poolStorage = { address, block in
                guard block < states.count, case .concentrated(let pool)? = states[Int(block)].pools[address]?.state else { return nil }
                return pool
            }
        }
        return node
    }

    static func source(_ node: TestNode, mode: PoolBootstrapper.Mode) -> RPCEventSource {
        var settings = Harness.settings(maxBlockRange: 7, startBlock: 25)
        settings.bootstrapFromBlock = 1
        settings.bootstrapMode = mode
        return Harness.source(settings, Harness.client(NodeTransport(nodes: ["http://node-a": node])))
    }

    /// History mode: the old pools' Initialize/Mint/Burn logs (no swaps) and slot0/liquidity at
    /// START_BLOCK - 1; later burns of old positions apply, and the market ends exactly as if
    /// every event had been indexed (`sequence` aside: the swaps before START_BLOCK are skipped).
    @Test func historyModeRebuildsPoolsTicksAndPositions() async throws {
        let market = TestMarket(blocks: 50)
        let node = await Self.node(market)
        var early = market.chain
        early.reorganise(from: 36, to: [])
        await node.update { [early] in $0.chain = early }
        let sink = RecordingSink(chainId: TestMarket.chainId)
        try await Harness.index(Self.source(node, mode: .history), into: sink, until: 32)
        // A restart: the new run finds the bootstrapped pools again from BOOTSTRAP_FROM_BLOCK.
        await node.update { $0.chain = market.chain }
        try await Harness.index(Self.source(node, mode: .history), into: sink, after: await sink.checkpoint, until: 47)

        let batches = await sink.batches
        #expect(batches.first?.checkpoint == IndexerCheckpoint(blockNumber: 24, blockHash: market.blocks[23].hash))
        #expect(!batches[0].events.contains { if case .swap(let swap) = $0.payload { swap.amount0 != .zero } else { false } })
        #expect(try Self.withoutSequence(await sink.state) == Self.withoutSequence(market.state(through: 47)))
        #expect(await sink.state.positions == market.state(through: 47).positions)
        #expect(await sink.events.filter { $0.context.blockNumber >= 25 } == market.events.filter { (25...47).contains($0.context.blockNumber) })
    }

    /// Storage mode: slot0, liquidity, the tick bitmap and ticks(i), read with eth_call at
    /// START_BLOCK - 1, rebuild every pool and initialized tick exactly.
    @Test func storageModeReadsPoolsAndTicksFromTheTickBitmap() async throws {
        let market = TestMarket(blocks: 30)
        let node = await Self.node(market)
        let sink = RecordingSink(chainId: TestMarket.chainId)
        try await Harness.index(Self.source(node, mode: .storage), into: sink, until: 24)
        let bootstrap = try #require(await sink.batches.first)
        #expect(bootstrap.checkpoint.blockNumber == 24)
        var state = MarketState(chainId: TestMarket.chainId)
        for token in await sink.registered { state.register(token) }
        for event in bootstrap.events { try state.apply(event) }
        #expect(try Self.withoutSequence(state) == Self.withoutSequence(market.state(through: 24)))
        let ticks = market.state(through: 24).pools.values.compactMap { record -> Int? in
            if case .concentrated(let pool)? = record.state { pool.ticks.count } else { nil }
        }.reduce(0, +)
        #expect(ticks > 4)
        #expect(await node.calls.contains("eth_call"))
    }

    static func withoutSequence(_ state: MarketState) throws -> String {
        var snapshot = state.snapshot()
        snapshot.sequence = 0
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(snapshot), as: UTF8.self)
    }
}
