import DataLoop
import Logging
import Market

/// The production store: events, the state they produce and the history derived from them in
/// PostgreSQL tables, written in one transaction per ingest batch. A restart loads everything
/// from the derived tables; no history is replayed.
public final class PostgresMarketStore: MarketStore {
    let pool: PostgresPool
    public let schema: PostgresSchema
    let chainId: UInt64
    let logger: Logger
    /// How much history `load` reads back: the swaps of the trailing window (for 24 h volumes)
    /// and, beyond it, as many swaps per pool and candles per chart as the hub keeps.
    let recentWindowSeconds: Int64
    let limits: MarketAnalytics.Limits

    public init(pool: PostgresPool, schema: PostgresSchema, chainId: UInt64, logger: Logger, recentWindowSeconds: Int64 = 86_400,
                limits: MarketAnalytics.Limits = MarketAnalytics.Limits()) {
        self.pool = pool
        self.schema = schema
        self.chainId = chainId
        self.logger = logger
        self.recentWindowSeconds = recentWindowSeconds
        self.limits = limits
    }

    public var kind: String { "postgresql" }

    public func migrate() async throws {
        try await PostgresMigrator(pool: pool, schema: schema, logger: logger).migrate()
    }

    public func load(chainId: UInt64) async throws -> StoredMarket? {
        let s = schema
        let chain = PostgresValue.int(chainId)
        return try await pool.withTransaction { session in
            // One snapshot for every table, even while the leader commits.
            _ = try await session.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            let checkpointRow = try await session.query(
                "SELECT sequence, block_number, block_hash, head_block, head_timestamp FROM \(s.table("checkpoints")) WHERE chain_id = $1", [chain]).first
            let tokens = try await session.query("SELECT address, symbol, name, decimals FROM \(s.table("tokens")) WHERE chain_id = $1", [chain])
                .rows.map(PostgresMarketRows.token)
            guard checkpointRow != nil || !tokens.isEmpty else { return nil }
            var ticks: [String: [TickInfo]] = [:]
            for row in try await session.query(
                "SELECT pool, tick, liquidity_net, liquidity_gross FROM \(s.table("ticks")) WHERE chain_id = $1 ORDER BY pool, tick", [chain]).rows {
                ticks[try row.decode("pool", as: String.self), default: []].append(try PostgresMarketRows.tick(row))
            }
            let pools = try await session.query("""
                SELECT address, kind, token0, token1, fee, tick_spacing, sqrt_price_x96, tick, liquidity, reserve0, reserve1,
                       created_block, created_at, last_sequence
                FROM \(s.table("pools")) WHERE chain_id = $1
                """, [chain]).rows.map { row in try PostgresMarketRows.pool(row, ticks: ticks[try row.decode("address", as: String.self)] ?? []) }
            var positions: [PositionKey: UInt128] = [:]
            for row in try await session.query(
                "SELECT pool, owner, tick_lower, tick_upper, liquidity FROM \(s.table("positions")) WHERE chain_id = $1", [chain]).rows {
                let (key, liquidity) = try PostgresMarketRows.position(row)
                positions[key] = liquidity
            }
            var checkpoint: IndexerCheckpoint?
            var sequence: UInt64 = 0, headBlock: UInt64 = 0, headTimestamp: Int64 = 0
            if let row = checkpointRow {
                sequence = UInt64(try row.decode("sequence", as: Int64.self))
                headBlock = UInt64(try row.decode("head_block", as: Int64.self))
                headTimestamp = try row.decode("head_timestamp", as: Int64.self)
                let hashText = try row.decode("block_hash", as: String.self)
                guard let hash = Hash32(hashText) else { throw PostgresMarketRows.Corrupt(description: "checkpoint hash '\(hashText)'") }
                checkpoint = IndexerCheckpoint(blockNumber: UInt64(try row.decode("block_number", as: Int64.self)), blockHash: hash)
            }
            let windowStart = PostgresValue.int(headTimestamp - recentWindowSeconds)
            // The identities of the trailing window guard against a source re-sending recent
            // events; older ones lie before the checkpoint every source resumes after.
            let recentIDs = RecentEventIDs(try await session.query(
                "SELECT tx_hash, log_index, block_timestamp FROM \(s.table("events")) WHERE chain_id = $1 AND block_timestamp > $2",
                [chain, windowStart]
            ).rows.map { row in
                (EventID(chainId: chainId, txHash: try PostgresMarketRows.hash(row, "tx_hash"), logIndex: UInt32(try row.decode("log_index", as: Int64.self))),
                 try row.decode("block_timestamp", as: Int64.self))
            })
            let swaps = try await session.query("""
                SELECT sequence, pool, tx_hash, log_index, block_number, block_timestamp, sender, recipient, amount0, amount1,
                       sqrt_price_x96, tick, liquidity, price, amount_usd
                FROM (SELECT *, row_number() OVER (PARTITION BY pool ORDER BY sequence DESC) AS newest
                      FROM \(s.table("swaps")) WHERE chain_id = $1) AS s
                WHERE newest <= $2 OR block_timestamp > $3 ORDER BY sequence
                """, [chain, .int(limits.swapsPerPool), windowStart]).rows.map(PostgresMarketRows.swap)
            let candles = try await session.query("""
                SELECT pool, interval, time, open, high, low, close, volume0, volume1, volume_usd, trades
                FROM (SELECT *, row_number() OVER (PARTITION BY pool, interval ORDER BY time DESC) AS newest
                      FROM \(s.table("candles")) WHERE chain_id = $1) AS c
                WHERE newest <= $2
                """, [chain, .int(limits.candlesPerInterval)]).rows.map(PostgresMarketRows.candle)
            let days = try await session.query(
                "SELECT day, volume_usd, fees_usd, swaps, tvl_usd FROM \(s.table("stats")) WHERE chain_id = $1 ORDER BY day DESC LIMIT $2",
                [chain, .int(limits.days)]).rows.map(PostgresMarketRows.day)
            let state = MarketState(chainId: chainId, sequence: sequence, tokens: tokens, pools: pools, positions: positions,
                                    blockNumber: headBlock, timestamp: headTimestamp, recentEvents: recentIDs)
            return StoredMarket(state: state, checkpoint: checkpoint, analytics: AnalyticsRecords(swaps: swaps, candles: candles, days: days))
        }
    }

    public func register(_ tokens: [Token]) async throws {
        guard !tokens.isEmpty else { return }
        _ = try await pool.query("""
            INSERT INTO \(schema.table("tokens")) (chain_id, address, symbol, name, decimals)
            SELECT $1, r.address, r.symbol, r.name, r.decimals
            FROM jsonb_to_recordset($2::jsonb) AS r(address text, symbol text, name text, decimals smallint)
            ON CONFLICT (chain_id, address) DO UPDATE SET symbol = excluded.symbol, name = excluded.name, decimals = excluded.decimals
            """, [.int(chainId), try PostgresMarketRows.json(tokens.map(PostgresMarketRows.TokenRow.init))])
    }

    public func commit(_ batch: IngestBatch) async throws {
        let s = schema
        let chain = PostgresValue.int(chainId)
        let events = try PostgresMarketRows.json(batch.events.map(PostgresMarketRows.Event.init))
        let pools = try PostgresMarketRows.json(batch.pools.map(PostgresMarketRows.PoolRow.init))
        let positions = try PostgresMarketRows.json(batch.positions.map { key, liquidity in
            PostgresMarketRows.PositionRow(pool: key.pool.lowercaseHex, owner: key.owner.lowercaseHex, tick_lower: key.tickLower,
                                           tick_upper: key.tickUpper, liquidity: String(liquidity))
        })
        // Only mints and burns move ticks: their pools' tick rows are rewritten whole.
        let tickPools = Set(batch.events.compactMap { applied -> Address? in
            switch applied.event.payload {
            case .mint, .burn: applied.event.pool
            default: nil
            }
        })
        let ticks = try PostgresMarketRows.json(PostgresMarketRows.ticks(of: batch.pools.filter { tickPools.contains($0.address) }))
        let tickPoolNames = try PostgresMarketRows.json(tickPools.map(\.lowercaseHex))
        let history = batch.analytics
        let swaps = try PostgresMarketRows.json(history.swaps.map(PostgresMarketRows.SwapRow.init))
        let candles = try PostgresMarketRows.json(history.candles.map(PostgresMarketRows.CandleRow.init))
        let days = try PostgresMarketRows.json(history.days.map(PostgresMarketRows.DayRow.init))
        let startSequence = batch.events.first.map { $0.sequence - 1 } ?? batch.sequence
        let headBlock = batch.events.map(\.event.context.blockNumber).max() ?? 0
        let headTimestamp = batch.events.map(\.event.context.timestamp).max() ?? 0
        try await pool.withTransaction { session in
            if !batch.events.isEmpty {
                let inserted = try await session.query("""
                    INSERT INTO \(s.table("events")) (chain_id, tx_hash, log_index, sequence, block_number, block_timestamp, kind, pool, payload)
                    SELECT $1, r.tx_hash, r.log_index, r.sequence, r.block_number, r.block_timestamp, r.kind, r.pool, r.payload
                    FROM jsonb_to_recordset($2::jsonb) AS r(tx_hash text, log_index bigint, sequence bigint, block_number bigint,
                                                            block_timestamp bigint, kind text, pool text, payload jsonb)
                    ON CONFLICT (chain_id, tx_hash, log_index) DO NOTHING
                    """, [chain, events]).affectedRows ?? 0
                // Every event stored before: a replay, which changes nothing.
                if inserted == 0 { return }
                guard inserted == batch.events.count else {
                    throw PostgresStoreError.partialReplay(inserted: inserted, of: batch.events.count)
                }
            }
            // The checkpoint row is the writers' fence: a batch commits only on top of the
            // sequence it was numbered from, so a deposed leader's late batch fails instead of
            // overwriting the new leader's state.
            let advanced = try await session.query("""
                INSERT INTO \(s.table("checkpoints")) AS c (chain_id, sequence, block_number, block_hash, head_block, head_timestamp)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (chain_id) DO UPDATE SET sequence = excluded.sequence, block_number = excluded.block_number,
                    block_hash = excluded.block_hash, head_block = GREATEST(c.head_block, excluded.head_block),
                    head_timestamp = GREATEST(c.head_timestamp, excluded.head_timestamp), updated_at = now()
                WHERE c.sequence = $7
                """, [chain, .int(batch.sequence), .int(batch.checkpoint.blockNumber), .text(batch.checkpoint.blockHash.description),
                      .int(headBlock), .int(headTimestamp), .int(startSequence)]).affectedRows ?? 0
            guard advanced == 1 else { throw PostgresStoreError.sequenceConflict(expected: startSequence) }
            if !batch.pools.isEmpty {
                _ = try await session.query("""
                    INSERT INTO \(s.table("pools")) (chain_id, address, kind, token0, token1, fee, tick_spacing, sqrt_price_x96, tick, liquidity,
                                                    reserve0, reserve1, created_block, created_at, last_sequence)
                    SELECT $1, r.address, r.kind, r.token0, r.token1, r.fee, r.tick_spacing, r.sqrt_price_x96, r.tick, r.liquidity,
                           r.reserve0, r.reserve1, r.created_block, r.created_at, r.last_sequence
                    FROM jsonb_to_recordset($2::jsonb) AS r(address text, kind text, token0 text, token1 text, fee integer, tick_spacing integer,
                        sqrt_price_x96 numeric(78,0), tick integer, liquidity numeric(78,0), reserve0 numeric(78,0), reserve1 numeric(78,0),
                        created_block bigint, created_at bigint, last_sequence bigint)
                    ON CONFLICT (chain_id, address) DO UPDATE SET sqrt_price_x96 = excluded.sqrt_price_x96, tick = excluded.tick,
                        liquidity = excluded.liquidity, reserve0 = excluded.reserve0, reserve1 = excluded.reserve1,
                        last_sequence = excluded.last_sequence
                    """, [chain, pools])
            }
            if !batch.positions.isEmpty {
                _ = try await session.query("""
                    DELETE FROM \(s.table("positions")) p USING jsonb_to_recordset($2::jsonb)
                        AS r(pool text, owner text, tick_lower integer, tick_upper integer, liquidity numeric(78,0))
                    WHERE p.chain_id = $1 AND p.pool = r.pool AND p.owner = r.owner AND p.tick_lower = r.tick_lower
                      AND p.tick_upper = r.tick_upper AND r.liquidity = 0
                    """, [chain, positions])
                _ = try await session.query("""
                    INSERT INTO \(s.table("positions")) (chain_id, pool, owner, tick_lower, tick_upper, liquidity)
                    SELECT $1, r.pool, r.owner, r.tick_lower, r.tick_upper, r.liquidity
                    FROM jsonb_to_recordset($2::jsonb) AS r(pool text, owner text, tick_lower integer, tick_upper integer, liquidity numeric(78,0))
                    WHERE r.liquidity > 0
                    ON CONFLICT (chain_id, pool, owner, tick_lower, tick_upper) DO UPDATE SET liquidity = excluded.liquidity
                    """, [chain, positions])
            }
            if !tickPools.isEmpty {
                _ = try await session.query("""
                    DELETE FROM \(s.table("ticks")) WHERE chain_id = $1 AND pool IN (SELECT jsonb_array_elements_text($2::jsonb))
                    """, [chain, tickPoolNames])
                _ = try await session.query("""
                    INSERT INTO \(s.table("ticks")) (chain_id, pool, tick, liquidity_net, liquidity_gross)
                    SELECT $1, r.pool, r.tick, r.net, r.gross
                    FROM jsonb_to_recordset($2::jsonb) AS r(pool text, tick integer, net numeric(78,0), gross numeric(78,0))
                    """, [chain, ticks])
            }
            if !history.swaps.isEmpty {
                _ = try await session.query("""
                    INSERT INTO \(s.table("swaps")) (chain_id, sequence, pool, tx_hash, log_index, block_number, block_timestamp, sender, recipient,
                                                     amount0, amount1, sqrt_price_x96, tick, liquidity, price, amount_usd)
                    SELECT $1, r.sequence, r.pool, r.tx_hash, r.log_index, r.block_number, r.block_timestamp, r.sender, r.recipient,
                           r.amount0, r.amount1, r.sqrt_price_x96, r.tick, r.liquidity, r.price, r.amount_usd
                    FROM jsonb_to_recordset($2::jsonb) AS r(sequence bigint, pool text, tx_hash text, log_index bigint, block_number bigint,
                        block_timestamp bigint, sender text, recipient text, amount0 numeric(78,0), amount1 numeric(78,0),
                        sqrt_price_x96 numeric(78,0), tick integer, liquidity numeric(78,0), price double precision, amount_usd double precision)
                    """, [chain, swaps])
            }
            if !history.candles.isEmpty {
                _ = try await session.query("""
                    INSERT INTO \(s.table("candles")) (chain_id, pool, interval, time, open, high, low, close, volume0, volume1, volume_usd, trades)
                    SELECT $1, r.pool, r.interval, r.time, r.open, r.high, r.low, r.close, r.volume0, r.volume1, r.volume_usd, r.trades
                    FROM jsonb_to_recordset($2::jsonb) AS r(pool text, interval text, time bigint, open double precision, high double precision,
                        low double precision, close double precision, volume0 numeric(78,0), volume1 numeric(78,0),
                        volume_usd double precision, trades integer)
                    ON CONFLICT (chain_id, pool, interval, time) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
                        close = excluded.close, volume0 = excluded.volume0, volume1 = excluded.volume1, volume_usd = excluded.volume_usd,
                        trades = excluded.trades
                    """, [chain, candles])
            }
            if !history.days.isEmpty {
                _ = try await session.query("""
                    INSERT INTO \(s.table("stats")) (chain_id, day, volume_usd, fees_usd, swaps, tvl_usd)
                    SELECT $1, r.day, r.volume_usd, r.fees_usd, r.swaps, r.tvl_usd
                    FROM jsonb_to_recordset($2::jsonb) AS r(day bigint, volume_usd double precision, fees_usd double precision, swaps bigint,
                        tvl_usd double precision)
                    ON CONFLICT (chain_id, day) DO UPDATE SET volume_usd = excluded.volume_usd, fees_usd = excluded.fees_usd,
                        swaps = excluded.swaps, tvl_usd = excluded.tvl_usd
                    """, [chain, days])
            }
        }
    }

    public func events(after: UInt64, limit: Int) async throws -> [AppliedEvent] {
        try await pool.query("""
            SELECT sequence, payload::text AS payload FROM \(schema.table("events"))
            WHERE chain_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3
            """, [.int(chainId), .int(after), .int(max(0, limit))]).rows.map(PostgresMarketRows.event)
    }

    public func isHealthy() async -> Bool {
        let pool = self.pool
        return await withTimeout(.seconds(2)) { (try? await pool.query("SELECT 1")) != nil } ?? false
    }
}

/// Why a batch was refused; the transaction rolled back and nothing changed.
public enum PostgresStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stored sequence is not the one the batch was numbered from: another writer committed.
    case sequenceConflict(expected: UInt64)
    /// Some of the batch's events were stored before and some not: the writer's state is not the store's.
    case partialReplay(inserted: Int, of: Int)

    public var description: String {
        switch self {
        case .sequenceConflict(let expected): "the stored sequence moved past \(expected): another writer committed first"
        case .partialReplay(let inserted, let total): "only \(inserted) of the batch's \(total) events were new: the writer's state differs from the store's"
        }
    }
}
