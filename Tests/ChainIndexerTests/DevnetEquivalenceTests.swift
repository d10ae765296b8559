import ChainIndexer
import Market
import Testing

/// The proof: the devnet market's blocks, written as Ethereum logs (v3 pools from a v3
/// factory, the constant-product pairs as Uniswap v2 `PairCreated`/`Sync`/`Swap` from a v2
/// factory) and served by the test node, indexed by the `rpc` source, give exactly the state
/// the devnet source holds: the same snapshot, byte for byte.
@Suite struct DevnetEquivalenceTests {
    static let v2Factory = Address("0x8909Dc15e40173Ff4699343b6eB8132c65e18eC6")!

    @Test func rpcSourceArrivesAtTheDevnetState() async throws {
        let configuration = DevnetConfiguration(seed: 7, swapsPerSecond: 3, startTime: DevnetConfiguration.baseGenesisTimestamp + 400 * 86_400)
        var market = try DevnetMarket(configuration: configuration)
        var devnetBlocks = [market.genesis]
        for _ in 0..<120 { devnetBlocks.append(market.nextBlock()) }

        let chain = TestChain(chainId: configuration.chainId, factory: TestMarket.factory, blocks: devnetBlocks.map {
            TestChain.block(number: $0.number, hash: $0.hash, parentHash: $0.parentHash, timestamp: $0.timestamp, events: $0.events,
                            factory: TestMarket.factory, v2Factory: Self.v2Factory)
        })
        let node = TestNode(chain: chain)
        let tokens = market.tokens
        await node.update { node in
            for token in tokens { node.tokens[token.address] = .standard(symbol: token.symbol, name: token.name, decimals: token.decimals) }
        }

        let confirmations: UInt64 = 5
        let target = devnetBlocks.last!.number - confirmations
        var settings = Harness.settings(confirmations: confirmations, maxBlockRange: 25, startBlock: market.genesis.number)
        settings.chainId = configuration.chainId
        settings.v2Factory = Self.v2Factory
        settings.v2Fee = 3000
        let sink = RecordingSink(chainId: configuration.chainId)
        let source = Harness.source(settings, Harness.client(NodeTransport(nodes: ["http://node-a": node])))
        try await Harness.index(source, into: sink, until: target)

        // The devnet source's own state at the same block.
        var devnet = try DevnetMarket(configuration: configuration)
        let targetCheckpoint = try #require(devnetBlocks.first { $0.number == target }).checkpoint
        let replayed = devnet.replay(through: targetCheckpoint)
        #expect(replayed)
        let events = devnetBlocks.filter { $0.number <= target }.flatMap(\.events)
        #expect(Set(events.map(\.kind)) == Set(MarketEvent.Kind.allCases))
        #expect(await sink.events == events)
        // Every listed token is in some pool, so the rpc source (which registers a token with
        // its first pool) registers them all, as the devnet does up front.
        let used = Set(market.pools.flatMap { [$0.token0, $0.token1] })
        #expect(used == Set(market.tokens.map(\.address)))
        #expect(try Harness.snapshotJSON(await sink.state) == Harness.snapshotJSON(devnet.state))
    }
}
