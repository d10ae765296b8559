import AsyncHTTPClient
import ChainIndexer
import Logging
import Market
import MetricsTestKit
import Testing

@Suite struct RPCEventSourceTests {
    static func node(_ chain: TestChain) async -> TestNode {
        let node = TestNode(chain: chain)
        await node.update { $0.tokens = TestMarket.nodeTokens() }
        return node
    }

    static func inProcess(_ node: TestNode, _ settings: RPCIndexerSettings = Harness.settings(), logger: Logger = Harness.quiet,
                          knownPools: [Address]? = nil) -> RPCEventSource {
        Harness.source(settings, Harness.client(NodeTransport(nodes: ["http://node-a": node]), logger: logger), knownPools: knownPools, logger: logger)
    }

    /// The full path: loopback HTTP, AsyncHTTPClient keep-alive transport, batches, eth_call
    /// metadata; the sink's state equals the directly applied events' state byte for byte.
    @Test func indexesOverHTTPToExactlyTheReferenceState() async throws {
        let market = TestMarket(blocks: 60)
        let node = await Self.node(market.chain)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await LoopbackNode.with(node) { url in
                let settings = Harness.settings(confirmations: 5, maxBlockRange: 16, urls: [url])
                let client = JSONRPCClient(endpoints: settings.rpcURLs, transport: HTTPClientTransport(client: http), retry: .immediate(),
                                           timeout: settings.timeout, maxBatchSize: settings.batchSize, logger: Harness.quiet)
                let sink = RecordingSink(chainId: TestMarket.chainId)
                try await Harness.index(Harness.source(settings, client), into: sink, until: 55)
                let indexed = try #require(await sink.checkpoint)
                #expect(indexed == IndexerCheckpoint(blockNumber: 55, blockHash: market.blocks[54].hash))
                #expect(try Harness.snapshotJSON(await sink.state) == Harness.snapshotJSON(market.state(through: 55)))
                #expect(await sink.events == market.events.filter { $0.context.blockNumber <= 55 })
                #expect(await sink.registered.sorted { $0.address < $1.address } == [TestMarket.tokenA, TestMarket.tokenB, TestMarket.tokenC])
            }
        } catch {
            try await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    @Test func fallsBackToTheSecondURLOverHTTP() async throws {
        let market = TestMarket(blocks: 20)
        let node = await Self.node(market.chain)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await LoopbackNode.with(node) { url in
                // Port 1 on loopback refuses connections.
                let settings = Harness.settings(urls: ["http://127.0.0.1:1/", url])
                let client = JSONRPCClient(endpoints: settings.rpcURLs, transport: HTTPClientTransport(client: http), retry: .immediate(),
                                           timeout: .seconds(5), logger: Harness.quiet)
                let sink = RecordingSink(chainId: TestMarket.chainId)
                try await Harness.index(Harness.source(settings, client), into: sink, until: 17)
                #expect(try Harness.snapshotJSON(await sink.state) == Harness.snapshotJSON(market.state(through: 17)))
                #expect(await client.currentEndpoint == url)
            }
        } catch {
            try await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    @Test(arguments: [(maxLogRange: UInt64?.some(3), maxLogs: Int?.none), (nil, 4)])
    func splitsRangesTheProviderRefuses(maxLogRange: UInt64?, maxLogs: Int?) async throws {
        let market = TestMarket(blocks: 50)
        let node = await Self.node(market.chain)
        await node.update {
            $0.maxLogRange = maxLogRange
            $0.maxLogsPerQuery = maxLogs
        }
        let sink = RecordingSink(chainId: TestMarket.chainId)
        try await Harness.index(Self.inProcess(node, Harness.settings(maxBlockRange: 64)), into: sink, until: 47)
        #expect(await node.refusals > 0)
        #expect(try Harness.snapshotJSON(await sink.state) == Harness.snapshotJSON(market.state(through: 47)))
        #expect(await sink.duplicates == 0)
    }

    @Test func rangeRefusedEvenForOneBlockIsAClearError() async throws {
        let node = await Self.node(TestMarket(blocks: 20).chain)
        await node.update { $0.maxLogsPerQuery = 0 }
        let sink = RecordingSink(chainId: TestMarket.chainId)
        await #expect {
            try await Harness.index(Self.inProcess(node), into: sink, until: 17)
        } throws: { error in
            guard case ChainIndexerError.rangeRefused(let block, _) = error else { return false }
            return block == 2
        }
        // Block 1 has no logs and got through; nothing of block 2 did.
        #expect(await sink.checkpoint?.blockNumber == 1)
        #expect(await sink.events.isEmpty)
    }

    @Test func retriesTransientFailuresWithoutLosingOrRepeatingEvents() async throws {
        let market = TestMarket(blocks: 30)
        var early = market.chain
        early.reorganise(from: 16, to: [])
        let node = await Self.node(early)
        // Five failures in a row: the sixth attempt of the first request succeeds.
        await node.update { $0.faults = [.status(429), .timeout, .status(500), .status(502), .timeout] }
        let capture = LogCapture()
        let sink = RecordingSink(chainId: TestMarket.chainId)
        let source = Self.inProcess(node, Harness.settings(maxBlockRange: 4), logger: capture.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await source.run(resumingAfter: nil, into: sink) }
            while (await sink.checkpoint?.blockNumber ?? 0) < 12 { try await Task.sleep(for: .milliseconds(2)) }
            // The chain grows, and the node fails more times than one request's attempts: the
            // run logs, waits a poll, goes on.
            await node.update {
                $0.faults = Array(repeating: .status(503), count: 8) + [.status(429), .timeout]
                $0.chain = market.chain
            }
            while (await sink.checkpoint?.blockNumber ?? 0) < 27 { try await Task.sleep(for: .milliseconds(2)) }
            group.cancelAll()
        }
        #expect(await node.faults.isEmpty)
        #expect(capture.contains(level: .warning, "RPC request failed, retrying"))
        #expect(capture.contains(level: .error, "RPC unavailable; retrying at the next poll"))
        #expect(try Harness.snapshotJSON(await sink.state) == Harness.snapshotJSON(market.state(through: 27)))
        #expect(await sink.events == market.events.filter { $0.context.blockNumber <= 27 })
    }

    /// Blocks within the confirmation depth are never fetched, so a fork of them that loses
    /// never reaches the sink.
    @Test func reorgShallowerThanTheConfirmationDepthIsNeverSeen() async throws {
        let main = TestMarket(blocks: 40)
        let side = TestMarket(blocks: 38, fork: "side", forkFrom: 36)
        #expect(side.eventsByBlock[36] != main.eventsByBlock[36])
        let node = await Self.node(side.chain)
        let sink = RecordingSink(chainId: TestMarket.chainId)
        let source = Self.inProcess(node, Harness.settings(confirmations: 3, maxBlockRange: 8))
        try await Harness.index(source, into: sink, until: 35)
        #expect(await sink.checkpoint?.blockNumber == 35)

        await node.update { $0.chain.reorganise(from: 36, to: Array(main.blocks[35...])) }
        let checkpoint = await sink.checkpoint
        try await Harness.index(source, into: sink, after: checkpoint, until: 37)
        let sideHashes = Set(side.blocks.suffix(3).map(\.hash))
        #expect(await sink.events.allSatisfy { !sideHashes.contains($0.context.blockHash) })
        #expect(try Harness.snapshotJSON(await sink.state) == Harness.snapshotJSON(main.state(through: 37)))
    }

    /// A reorg below an indexed block: detected, logged as critical, and the recovery
    /// `DeepReorg` prescribes (replay stored events up to the common ancestor into a fresh
    /// state, resume after it) ends at the new chain's state.
    @Test func reorgDeeperThanTheConfirmationDepthIsDetectedAndRecovered() async throws {
        let original = TestMarket(blocks: 40)
        let replacement = TestMarket(blocks: 44, fork: "deep", forkFrom: 25)
        let node = await Self.node(original.chain)
        let capture = LogCapture()
        let sink = RecordingSink(chainId: TestMarket.chainId)
        let source = Self.inProcess(node, Harness.settings(confirmations: 3, maxBlockRange: 6), logger: capture.logger)
        // One run throughout: it indexes to 37, the chain then reorganises from block 25, and
        // the run notices at its next range.
        let reorg: DeepReorg? = try await withThrowingTaskGroup(of: DeepReorg?.self) { group in
            group.addTask {
                do {
                    try await source.run(resumingAfter: nil, into: sink)
                    return nil
                } catch ChainIndexerError.reorgBelowConfirmations(let reorg) {
                    return reorg
                }
            }
            while (await sink.checkpoint?.blockNumber ?? 0) < 37 { try await Task.sleep(for: .milliseconds(2)) }
            await node.update { $0.chain.reorganise(from: 25, to: Array(replacement.blocks[24...])) }
            return try await group.next() ?? nil
        }
        let detected = try #require(reorg)
        let ancestor = try #require(detected.commonAncestor)
        #expect(ancestor.blockNumber <= 24 && ancestor.blockNumber >= 18)
        #expect(ancestor.blockHash == replacement.blocks[Int(ancestor.blockNumber) - 1].hash)
        #expect(detected.reindexFrom == ancestor.blockNumber + 1)
        #expect(capture.contains(level: .critical, "REORG DEEPER THAN CONFIRMATIONS"))
        #expect(capture.contains(level: .critical, "re-index from block \(detected.reindexFrom) needed"))
        // Nothing of the new branch was ingested before the stop.
        #expect(await sink.events.allSatisfy { $0.context.blockNumber < 25 || $0.context.blockHash == original.blocks[Int($0.context.blockNumber) - 1].hash })
        #expect(await sink.checkpoint?.blockNumber == 37)
        // The backend's way to the ancestor when the run that saw the blocks is gone: the
        // stored events' blocks.
        let stored = await sink.events.map { IndexerCheckpoint(blockNumber: $0.context.blockNumber, blockHash: $0.context.blockHash) }
        let fromStore = try #require(try await source.commonAncestor(among: stored))
        #expect(fromStore.blockNumber == stored.filter { $0.blockNumber < 25 }.map(\.blockNumber).max())

        // Recovery: the stored events up to the ancestor, replayed into a fresh state.
        var rebuilt = MarketState(chainId: TestMarket.chainId)
        for token in await sink.registered { rebuilt.register(token) }
        for event in await sink.events where event.context.blockNumber <= ancestor.blockNumber { try rebuilt.apply(event) }
        let recovered = RecordingSink(state: rebuilt)
        try await Harness.index(Self.inProcess(node, Harness.settings(confirmations: 3, maxBlockRange: 6)), into: recovered, after: ancestor, until: 41)
        #expect(try Harness.snapshotJSON(await recovered.state) == Harness.snapshotJSON(replacement.state(through: 41)))
    }

    @Test func resumingFromACheckpointThatLeftTheChainStopsAtOnce() async throws {
        let market = TestMarket(blocks: 20)
        let node = await Self.node(market.chain)
        let capture = LogCapture()
        let stale = IndexerCheckpoint(blockNumber: 10, blockHash: .test("orphan"))
        await #expect {
            try await Self.inProcess(node, logger: capture.logger).run(resumingAfter: stale, into: RecordingSink(chainId: TestMarket.chainId))
        } throws: { error in
            guard case ChainIndexerError.reorgBelowConfirmations(let reorg) = error else { return false }
            return reorg.checkpoint == stale && reorg.chainHash == market.blocks[9].hash && reorg.commonAncestor == nil && reorg.reindexFrom == 1
        }
        #expect(capture.contains(level: .critical, "re-index from block 1 needed"))
    }

    /// Stop after some ranges, start a new source from the sink's checkpoint (it finds the
    /// pools again from the factory's logs): every event exactly once, in order.
    @Test func restartsFromTheCheckpointWithoutGapsOrDuplicates() async throws {
        let market = TestMarket(blocks: 50)
        var early = market.chain
        early.reorganise(from: 26, to: [])
        let node = await Self.node(early)
        let sink = RecordingSink(chainId: TestMarket.chainId)
        try await Harness.index(Self.inProcess(node, Harness.settings(maxBlockRange: 5)), into: sink, until: 22)
        let checkpoint = try #require(await sink.checkpoint)
        #expect(checkpoint.blockNumber == 22)
        await node.update { $0.chain = market.chain }

        try await Harness.index(Self.inProcess(node, Harness.settings(maxBlockRange: 5)), into: sink, after: checkpoint, until: 47)
        #expect(await sink.duplicates == 0)
        #expect(await sink.events == market.events.filter { $0.context.blockNumber <= 47 })
        #expect(try Harness.snapshotJSON(await sink.state) == Harness.snapshotJSON(market.state(through: 47)))
        let ranges = await sink.batches.map(\.checkpoint.blockNumber)
        #expect(ranges == ranges.sorted() && Set(ranges).count == ranges.count)
    }

    @Test func malformedLogsStopTheSourceBeforeTheirRangeReachesTheSink() async throws {
        let market = TestMarket(blocks: 30)
        // Ranges are 1-5, 6-10, 11-15: a bad log in the third leaves the sink at 10.
        let bad = try #require((UInt64(11)...15).first { !(market.chain.block($0)?.logs.isEmpty ?? true) })
        let cases: [(String, (inout [TestChain.RawLog]) -> Void, @Sendable (any Error) -> Bool)] = [
            ("short data", { $0[0].data = String($0[0].data.dropLast(64)) }, { error in
                if case ChainIndexerError.malformedLog(let block, _, _, .dataLength) = error { return block == bad }
                return false
            }),
            ("bad hex", { $0[0].data = "0xnothex" }, { error in
                if case RPCError.malformed(let method, let detail) = error { return method == "eth_getLogs" && detail.contains("log.data is malformed") }
                return false
            }),
            ("extra topic", { $0[0].topics.append($0[0].topics[0]) }, { error in
                if case ChainIndexerError.malformedLog(let block, _, _, .topicCount) = error { return block == bad }
                return false
            }),
        ]
        for (name, corrupt, expected) in cases {
            var chain = market.chain
            chain.mutateLogs(ofBlock: bad, corrupt)
            let node = await Self.node(chain)
            let sink = RecordingSink(chainId: TestMarket.chainId)
            await #expect("\(name)", performing: {
                try await Harness.index(Self.inProcess(node, Harness.settings(maxBlockRange: 5)), into: sink, until: 27)
            }, throws: expected)
            #expect(await sink.checkpoint?.blockNumber == 10, "\(name)")
            #expect(try Harness.snapshotJSON(await sink.state) == Harness.snapshotJSON(market.state(through: 10)), "\(name)")
        }
    }

    @Test func refusesANodeOnAnotherChain() async throws {
        let node = await Self.node(TestMarket(blocks: 10).chain)
        var settings = Harness.settings()
        settings.chainId = 1
        await #expect(throws: ChainIndexerError.wrongChain(expected: 1, got: 8453)) {
            try await Self.inProcess(node, settings).run(resumingAfter: nil, into: RecordingSink(chainId: 1))
        }
    }

    @Test func reportsProgressInTheGauges() async throws {
        let market = TestMarket(blocks: 30)
        let node = await Self.node(market.chain)
        let metrics = TestMetrics()
        let sink = RecordingSink(chainId: TestMarket.chainId)
        let client = Harness.client(NodeTransport(nodes: ["http://node-a": node]))
        let source = RPCEventSource(settings: Harness.settings(confirmations: 4), client: client, metrics: IndexerMetrics(factory: metrics),
                                    logger: Harness.quiet, sleep: { _ in await Task.yield(); try Task.checkCancellation() })
        try await Harness.index(source, into: sink, until: 26)
        #expect(try metrics.expectGauge("indexer_head_block").lastValue == 30)
        #expect(try metrics.expectGauge("indexer_indexed_block").lastValue == 26)
        #expect(try metrics.expectGauge("indexer_lag_blocks").lastValue == 4)
        #expect(try metrics.expectCounter("indexer_events_total").totalValue == market.events.filter { $0.context.blockNumber <= 26 }.count)
    }

    /// What the backend's readiness reads: the blocks left to index as each range arrives,
    /// none once caught up, and idle again when the run ends.
    @Test func reportsItsLagBehindTheConfirmedHead() async throws {
        let market = TestMarket(blocks: 40)
        let node = await Self.node(market.chain)
        let progress = IndexerProgress()
        let sink = RecordingSink(chainId: TestMarket.chainId, progress: progress)
        let source = RPCEventSource(settings: Harness.settings(confirmations: 4, maxBlockRange: 10),
                                    client: Harness.client(NodeTransport(nodes: ["http://node-a": node])), progress: progress,
                                    logger: Harness.quiet, sleep: { _ in await Task.yield(); try Task.checkCancellation() })
        #expect(progress.current == .idle)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await source.run(resumingAfter: nil, into: sink) }
            group.addTask {
                while progress.current != .behind(blocks: 0) { try await Task.sleep(for: .milliseconds(2)) }
            }
            try await group.next()
            group.cancelAll()
        }
        // Head 40, four confirmations: blocks 1...36 to index, ten per range.
        #expect(await sink.standings == [.behind(blocks: 36), .behind(blocks: 26), .behind(blocks: 16), .behind(blocks: 6)])
        #expect(await sink.checkpoint?.blockNumber == 36)
        #expect(progress.current == .idle)
    }

    @Test func lagCountsTheIndexableBlocksNotYetIndexed() {
        let progress = IndexerProgress()
        progress.started()
        #expect(progress.current == .starting)
        progress.reached(next: 1, head: 40, confirmations: 4)
        #expect(progress.current == .behind(blocks: 36))
        progress.reached(next: 37, head: 40, confirmations: 4)
        #expect(progress.current == .behind(blocks: 0))
        // START_BLOCK above the confirmed head, and a chain shorter than the confirmations.
        progress.reached(next: 100, head: 40, confirmations: 4)
        #expect(progress.current == .behind(blocks: 0))
        progress.reached(next: 1, head: 3, confirmations: 4)
        #expect(progress.current == .behind(blocks: 0))
        progress.stopped()
        #expect(progress.current == .idle)
    }
}
