@testable import BackendAPI
import DEXMath
import DataLoop
import Foundation
import Market
import Testing

@Suite(.enabled(if: DataPlaneTest.hasDatabase, DataPlaneTest.noDatabase))
struct PostgresMarketStoreTests {
    /// A migrated store in a schema of its own, dropped afterwards.
    func withStore(_ body: (PostgresMarketStore, PostgresPool) async throws -> Void) async throws {
        try await DataPlaneTest.withStore(chainId: 8453, body)
    }

    /// A pipeline writing to `store`, its hub holding what the pipeline applied.
    func pipeline(_ store: any MarketStore, state: MarketState = MarketState(chainId: 8453)) -> (IngestPipeline, MarketHub) {
        let hub = MarketHub(chainId: 8453, stablecoins: Set(BaseTokenList.usdStablecoins), logger: DataPlaneTest.logger)
        return (IngestPipeline(state: state, store: store, bus: InProcessEventBus(), hub: hub, logger: DataPlaneTest.logger), hub)
    }

    @Test func migratesFromEmptyOnceAndConcurrently() async throws {
        let schema = try DataPlaneTest.schema()
        try await DataPlaneTest.withPool { pool in
            let migrator = PostgresMigrator(pool: pool, schema: schema, logger: DataPlaneTest.logger)
            // Several replicas starting at once: the advisory lock lets exactly one apply the versions.
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<4 { group.addTask { try await migrator.migrate() } }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(applied == [1, 2])
            #expect(try await migrator.migrate() == [])
            let versions = try await pool.query("SELECT version FROM \(schema.table("schema_migrations")) ORDER BY version").rows.map { try $0.decode(0, as: Int.self) }
            #expect(versions == [1, 2])
            let tables = try await pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
                                              [.text(schema.name)]).rows.map { try $0.decode(0, as: String.self) }
            #expect(tables == ["candles", "checkpoints", "events", "pools", "positions", "schema_migrations", "stats", "swaps", "ticks", "tokens"])
            _ = try await pool.query("DROP SCHEMA \(schema.name) CASCADE")
        }
    }

    @Test func emptyStoreLoadsNothing() async throws {
        try await withStore { store, _ in
            let loaded = try await store.load(chainId: 8453)
            let events = try await store.events(after: 0, limit: 10)
            #expect(loaded == nil)
            #expect(events.isEmpty)
            #expect(await store.isHealthy())
        }
    }

    /// Every table written by real ingestion and read back by a store on a new pool (a
    /// restart) equals the state the pipeline built: tokens, pools with their ticks, positions,
    /// checkpoint, sequence, and the events.
    @Test func restartLoadsTheStateThatWasCommitted() async throws {
        try await withStore { store, _ in
            let (pipeline, hub) = pipeline(store)
            var devnet = try HandDevnet()
            try await devnet.start(into: pipeline)
            try await devnet.advance(blocks: 120, perBatch: 7, into: pipeline)
            let before = hub.view.state
            #expect(before.sequence > 100)
            #expect(!before.positions.isEmpty)

            try await DataPlaneTest.withPool { otherPool in
                let restarted = PostgresMarketStore(pool: otherPool, schema: store.schema, chainId: 8453, logger: DataPlaneTest.logger)
                let loaded = try #require(try await restarted.load(chainId: 8453))
                #expect(loaded.state.snapshot().canonicalBytes == before.snapshot().canonicalBytes)
                #expect(loaded.state.sequence == before.sequence)
                #expect(loaded.state.tokens == before.tokens)
                #expect(loaded.state.pools == before.pools)  // ticks with gross, lastSequence, created block/time
                #expect(loaded.state.positions == before.positions)
                #expect(loaded.state.blockNumber == before.blockNumber)
                #expect(loaded.state.timestamp == before.timestamp)
                #expect(loaded.checkpoint == devnet.market.head)
                let all = try await restarted.events(after: 0, limit: 1_000_000)
                #expect(all.map(\.sequence) == Array(1...before.sequence))
                for applied in all { #expect(loaded.state.hasApplied(applied.event)) }

                // The history comes back as it was recorded, not re-derived at today's prices.
                let swapCount = all.count {
                    switch $0.event.payload {
                    case .swap, .pairSwap: true
                    default: false
                    }
                }
                #expect(loaded.analytics.swaps.count == swapCount)
                let reloadedHub = MarketHub(chainId: 8453, stablecoins: Set(BaseTokenList.usdStablecoins), logger: DataPlaneTest.logger)
                reloadedHub.load(loaded)
                expectSameHistory(reloadedHub.view.analytics, hub.view.analytics, pools: Array(before.pools.keys))

                // A restarted pipeline continues the sequence on top of the loaded state.
                let (next, nextHub) = self.pipeline(restarted, state: loaded.state)
                nextHub.load(loaded)
                try await devnet.advance(blocks: 5, into: next)
                #expect(await next.sequence > before.sequence)
                #expect(try await restarted.events(after: 0, limit: 1_000_000).map(\.sequence) == Array(1...(await next.sequence)))
            }
        }
    }

    /// Charts, swap lists, 24 h volumes and daily totals of `restored` equal `live`'s.
    func expectSameHistory(_ restored: MarketAnalytics, _ live: MarketAnalytics, pools: [Address]) {
        var candles = 0
        for pool in pools {
            let a = restored.pools[pool], b = live.pools[pool]
            #expect(a?.swaps(before: .max, limit: 10_000) == b?.swaps(before: .max, limit: 10_000), "swaps of \(pool)")
            for interval in CandleInterval.allCases {
                let mine = a.map { Array($0.candles(interval, from: 0, to: .max)) }, theirs = b.map { Array($0.candles(interval, from: 0, to: .max)) }
                #expect(mine == theirs, "\(interval.rawValue) candles of \(pool)")
                candles += theirs?.count ?? 0
            }
            #expect(a?.volume24h0 == b?.volume24h0 && a?.volume24h1 == b?.volume24h1 && a?.swaps24h == b?.swaps24h, "24 h volume of \(pool)")
            #expect(a?.price == b?.price && a?.tvlUsd == b?.tvlUsd, "price and TVL of \(pool)")
        }
        #expect(candles > 0)
        // TVL is a float sum over pools in dictionary order, which differs between two processes.
        let mine = restored.history(days: 3), theirs = live.history(days: 3)
        #expect(mine.map { [$0.day, Int64($0.swaps)] } == theirs.map { [$0.day, Int64($0.swaps)] })
        #expect(mine.map { [$0.volumeUsd, $0.feesUsd] } == theirs.map { [$0.volumeUsd, $0.feesUsd] })
        for (a, b) in zip(mine, theirs) { #expect(abs(a.tvlUsd - b.tvlUsd) <= 1e-9 * max(1, abs(b.tvlUsd)), "TVL of day \(b.day)") }
        #expect(restored.prices == live.prices)
    }

    /// Version 1 kept a pool's ticks as one jsonb array; version 2 moves them into rows and the
    /// pool loads exactly as before.
    @Test func migrationTwoMovesTicksIntoRows() async throws {
        let schema = try DataPlaneTest.schema()
        try await DataPlaneTest.withPool { pool in
            let migrator = PostgresMigrator(pool: pool, schema: schema, logger: DataPlaneTest.logger)
            #expect(try await migrator.migrate(through: 1) == [1])
            _ = try await pool.query("""
                INSERT INTO \(schema.table("pools")) (chain_id, address, kind, token0, token1, fee, tick_spacing, sqrt_price_x96, tick, liquidity,
                                                     ticks, created_block, created_at, last_sequence)
                VALUES (8453, '0x00000000000000000000000000000000000000aa', 'concentrated', '0x00000000000000000000000000000000000000b1',
                        '0x00000000000000000000000000000000000000b2', 3000, 60, 79228162514264337593543950336, 0, 170141183460469231731687303715884105727,
                        '[{"i":-60,"net":"170141183460469231731687303715884105727","gross":"170141183460469231731687303715884105727"},
                          {"i":60,"net":"-170141183460469231731687303715884105727","gross":"170141183460469231731687303715884105727"}]',
                        1, 1700000000, 1)
                """)
            _ = try await pool.query("INSERT INTO \(schema.table("checkpoints")) (chain_id, sequence, block_number, block_hash, head_block, head_timestamp) VALUES (8453, 1, 1, $1, 1, 1700000000)",
                                     [.text(Hash32.keccak([1]).description)])
            #expect(try await migrator.migrate() == [2])
            let store = PostgresMarketStore(pool: pool, schema: schema, chainId: 8453, logger: DataPlaneTest.logger)
            let loaded = try #require(try await store.load(chainId: 8453))
            let address = try #require(Address("0x00000000000000000000000000000000000000aa"))
            guard case .concentrated(let concentrated) = loaded.state.pools[address]?.state else {
                Issue.record("the pool did not load as a concentrated pool")
                return
            }
            #expect(concentrated.ticks == [
                TickInfo(index: -60, liquidityNet: Int128.max, liquidityGross: UInt128(Int128.max)),
                TickInfo(index: 60, liquidityNet: -Int128.max, liquidityGross: UInt128(Int128.max)),
            ])
            _ = try await pool.query("DROP SCHEMA \(schema.name) CASCADE")
        }
    }

    @Test func replayedBatchIsANoOpAndAStaleWriterIsRefused() async throws {
        try await withStore { store, pool in
            let (pipeline, _) = pipeline(store)
            var devnet = try HandDevnet()
            try await devnet.start(into: pipeline)
            let genesisSequence = await pipeline.sequence
            let stored = try await store.events(after: 0, limit: 100_000)
            let loaded = try #require(try await store.load(chainId: 8453))

            // The same batch again (a writer unsure whether its commit landed): nothing changes.
            let replay = IngestBatch(events: stored, pools: Array(loaded.state.pools.values), positions: [:],
                                     checkpoint: devnet.market.genesis.checkpoint, sequence: genesisSequence)
            try await store.commit(replay)
            #expect(try await store.events(after: 0, limit: 100_000) == stored)
            let count = try await pool.query("SELECT count(*) FROM \(store.schema.table("events"))").first!.decode(0, as: Int.self)
            #expect(count == stored.count)

            // New events numbered from an old sequence (a deposed leader): refused, nothing written.
            var state = MarketState(chainId: 8453, sequence: 0, tokens: Array(loaded.state.tokens.values), pools: [], positions: [:],
                                    blockNumber: 0, timestamp: 0)
            var stale: [AppliedEvent] = []
            var market = devnet.market
            let block = market.nextBlock()
            for event in devnet.market.genesis.events.prefix(1) + block.events.prefix(0) {
                if let applied = try state.apply(event) { stale.append(applied) }
            }
            let fresh = stale.map { AppliedEvent(sequence: $0.sequence, event: retagged($0.event)) }
            // Refused by the unique sequence or the checkpoint fence, whichever it meets first.
            await #expect(throws: (any Error).self) {
                try await store.commit(IngestBatch(events: fresh, pools: [], positions: [:], checkpoint: block.checkpoint, sequence: 1))
            }
            #expect(try await store.events(after: 0, limit: 100_000) == stored)
            #expect(try await store.load(chainId: 8453)?.checkpoint == devnet.market.genesis.checkpoint)
        }
    }

    /// The same event under another transaction hash: a new identity.
    func retagged(_ event: MarketEvent) -> MarketEvent {
        var copy = event
        copy.context.txHash = Hash32.keccak(event.context.txHash.bytes)
        return copy
    }

    @Test func amountsRoundTripExactlyAtTheirLimits() async throws {
        try await withStore { store, pool in
            let max256 = UInt256(hex: String(repeating: "f", count: 64))!
            let maxText = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
            #expect(max256.description == maxText)
            let pool0 = Address("0x1000000000000000000000000000000000000001")!
            let owner = Address("0x2000000000000000000000000000000000000002")!
            func context(_ index: UInt32) -> EventContext {
                EventContext(chainId: 8453, blockNumber: UInt64(Int64.max), blockHash: Hash32.keccak([1]), txHash: Hash32.keccak([UInt8(index)]),
                             logIndex: UInt32.max - index, timestamp: 1_760_000_000)
            }
            let events = [
                AppliedEvent(sequence: 1, event: MarketEvent(context: context(1), payload: .mint(.init(
                    pool: pool0, sender: owner, owner: owner, tickLower: -887_272, tickUpper: 887_272, amount: UInt128.max, amount0: max256, amount1: .zero)))),
                AppliedEvent(sequence: 2, event: MarketEvent(context: context(2), payload: .swap(.init(
                    pool: pool0, sender: owner, recipient: owner, amount0: Int256.min, amount1: Int256.max,
                    sqrtPriceX96: max256, liquidity: UInt128.max, tick: Int32.min)))),
                AppliedEvent(sequence: 3, event: MarketEvent(context: context(3), payload: .sync(.init(pool: pool0, reserve0: max256, reserve1: .zero)))),
            ]
            try await store.commit(IngestBatch(events: events, pools: [], positions: [:],
                                               checkpoint: IndexerCheckpoint(blockNumber: 9, blockHash: Hash32.keccak([9])), sequence: 3))
            #expect(try await store.events(after: 0, limit: 10) == events)
            #expect(try await store.events(after: 1, limit: 1) == [events[1]])

            // numeric(78,0) columns hold 2^256-1 exactly and read back as the same UInt256.
            _ = try await pool.query("""
                INSERT INTO \(store.schema.table("pools")) (chain_id, address, kind, token0, token1, fee, reserve0, reserve1, created_block, created_at, last_sequence)
                VALUES (1, 'x', 'constantProduct', 'a', 'b', 3000, $1, $2, 0, 0, 0)
                """, [.numeric(maxText), .numeric("0")])
            let row = try #require(try await pool.query("SELECT reserve0, reserve1, reserve0 - 1 AS less FROM \(store.schema.table("pools")) WHERE chain_id = 1").first)
            #expect(try PostgresMarketRows.uint256(row, "reserve0") == max256)
            #expect(try PostgresMarketRows.uint256(row, "reserve1") == .zero)
            #expect(try PostgresMarketRows.uint256(row, "less") == max256 &- .one)
            // A position at uint128's maximum liquidity, then closed.
            let key = PositionKey(pool: pool0, owner: owner, tickLower: -10, tickUpper: 10)
            try await store.commit(IngestBatch(events: [], pools: [], positions: [key: UInt128.max],
                                               checkpoint: IndexerCheckpoint(blockNumber: 10, blockHash: Hash32.keccak([10])), sequence: 3))
            #expect(try await store.load(chainId: 8453)?.state.positions == [key: UInt128.max])
            try await store.commit(IngestBatch(events: [], pools: [], positions: [key: 0],
                                               checkpoint: IndexerCheckpoint(blockNumber: 11, blockHash: Hash32.keccak([11])), sequence: 3))
            #expect(try await store.load(chainId: 8453)?.state.positions == [:])
        }
    }

    @Test func unreachableDatabaseIsUnhealthyAndFailsFast() async throws {
        let port = try DataPlaneTest.freePort()
        try await DataPlaneTest.withPool(DataPlaneTest.postgres("postgres://nobody@127.0.0.1:\(port)/none", min: 0, max: 1)) { pool in
            let store = PostgresMarketStore(pool: pool, schema: try DataPlaneTest.schema(), chainId: 8453, logger: DataPlaneTest.logger)
            #expect(await store.isHealthy() == false)
            await #expect(throws: PostgresError.self) { try await store.events(after: 0, limit: 1) }
        }
    }
}
