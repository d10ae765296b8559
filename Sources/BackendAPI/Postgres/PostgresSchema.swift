/// Where the backend's tables live and how they came to be: an ordered list of migrations,
/// each applied once and recorded in `schema_migrations`. A migration is never edited after
/// release; a change to the schema is a new version appended here.
public struct PostgresSchema: Sendable, Hashable {
    /// The PostgreSQL schema (namespace) holding the tables: "public" in production, one per
    /// test so tests run side by side on one server.
    public let name: String

    /// Identifiers cannot be statement parameters, so the name is checked to be a plain
    /// lowercase identifier before it is ever written into SQL.
    public init(_ name: String = "public") throws(PostgresSchemaError) {
        guard let first = name.utf8.first, first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") || first == UInt8(ascii: "_"),
              name.utf8.count <= 63,
              name.utf8.allSatisfy({ ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_") })
        else { throw PostgresSchemaError(name: name) }
        self.name = name
    }

    /// `table` qualified with the schema, for SQL text.
    func table(_ table: String) -> String { "\(name).\(table)" }

    /// The key of the session advisory lock that serialises migrations of this schema.
    var migrationLockName: String { "basebook:migrate:\(name)" }

    /// The key of the session advisory lock whose holder ingests for `chainId`.
    func leaderLockName(chainId: UInt64) -> String { "basebook:leader:\(name):\(chainId)" }

    struct Migration: Sendable {
        var version: Int
        var name: String
        var statements: [String]
    }

    /// Every migration, ascending by version.
    var migrations: [Migration] {
        [
            Migration(version: 1, name: "market tables", statements: [
                // Events are the source of truth: their identity is unique (a replay is a
                // no-op) and so is their sequence (two writers can never both number an event N).
                """
                CREATE TABLE \(table("events")) (
                    chain_id bigint NOT NULL,
                    tx_hash text NOT NULL,
                    log_index bigint NOT NULL,
                    sequence bigint NOT NULL,
                    block_number bigint NOT NULL,
                    block_timestamp bigint NOT NULL,
                    kind text NOT NULL,
                    pool text NOT NULL,
                    payload jsonb NOT NULL,
                    PRIMARY KEY (chain_id, tx_hash, log_index),
                    UNIQUE (chain_id, sequence)
                )
                """,
                "CREATE INDEX events_by_time ON \(table("events")) (chain_id, block_timestamp)",
                "CREATE INDEX events_by_pool ON \(table("events")) (chain_id, pool, sequence)",
                """
                CREATE TABLE \(table("tokens")) (
                    chain_id bigint NOT NULL,
                    address text NOT NULL,
                    symbol text NOT NULL,
                    name text,
                    decimals smallint NOT NULL CHECK (decimals BETWEEN 0 AND 255),
                    PRIMARY KEY (chain_id, address)
                )
                """,
                // Amounts are numeric(78,0): every uint256 fits, exactly. Ticks travel with
                // their pool as one jsonb array; they are only ever read and written whole.
                """
                CREATE TABLE \(table("pools")) (
                    chain_id bigint NOT NULL,
                    address text NOT NULL,
                    kind text NOT NULL CHECK (kind IN ('concentrated', 'constantProduct')),
                    token0 text NOT NULL,
                    token1 text NOT NULL,
                    fee integer NOT NULL,
                    tick_spacing integer,
                    sqrt_price_x96 numeric(78,0),
                    tick integer,
                    liquidity numeric(78,0),
                    reserve0 numeric(78,0),
                    reserve1 numeric(78,0),
                    ticks jsonb,
                    created_block bigint NOT NULL,
                    created_at bigint NOT NULL,
                    last_sequence bigint NOT NULL,
                    PRIMARY KEY (chain_id, address)
                )
                """,
                """
                CREATE TABLE \(table("positions")) (
                    chain_id bigint NOT NULL,
                    pool text NOT NULL,
                    owner text NOT NULL,
                    tick_lower integer NOT NULL,
                    tick_upper integer NOT NULL,
                    liquidity numeric(78,0) NOT NULL CHECK (liquidity > 0),
                    PRIMARY KEY (chain_id, pool, owner, tick_lower, tick_upper)
                )
                """,
                "CREATE INDEX positions_by_owner ON \(table("positions")) (chain_id, owner)",
                """
                CREATE TABLE \(table("checkpoints")) (
                    chain_id bigint PRIMARY KEY,
                    sequence bigint NOT NULL,
                    block_number bigint NOT NULL,
                    block_hash text NOT NULL,
                    head_block bigint NOT NULL,
                    head_timestamp bigint NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now()
                )
                """,
            ]),
            // The derived history, so a restart restores charts and swap lists as recorded
            // rather than re-deriving them from events against the current prices; and ticks
            // as rows, so a mint or burn rewrites its pool's ticks, not a whole jsonb document.
            Migration(version: 2, name: "ticks, swaps, candles and daily stats tables", statements: [
                """
                CREATE TABLE \(table("ticks")) (
                    chain_id bigint NOT NULL,
                    pool text NOT NULL,
                    tick integer NOT NULL,
                    liquidity_net numeric(78,0) NOT NULL,
                    liquidity_gross numeric(78,0) NOT NULL CHECK (liquidity_gross > 0),
                    PRIMARY KEY (chain_id, pool, tick)
                )
                """,
                """
                INSERT INTO \(table("ticks")) (chain_id, pool, tick, liquidity_net, liquidity_gross)
                SELECT p.chain_id, p.address, (t->>'i')::integer, (t->>'net')::numeric, (t->>'gross')::numeric
                FROM \(table("pools")) p CROSS JOIN LATERAL jsonb_array_elements(coalesce(p.ticks, '[]'::jsonb)) AS t
                """,
                "ALTER TABLE \(table("pools")) DROP COLUMN ticks",
                // Display price and USD size are doubles: derived at the edge when the swap was
                // recorded, never used for amounts.
                """
                CREATE TABLE \(table("swaps")) (
                    chain_id bigint NOT NULL,
                    sequence bigint NOT NULL,
                    pool text NOT NULL,
                    tx_hash text NOT NULL,
                    log_index bigint NOT NULL,
                    block_number bigint NOT NULL,
                    block_timestamp bigint NOT NULL,
                    sender text NOT NULL,
                    recipient text NOT NULL,
                    amount0 numeric(78,0) NOT NULL,
                    amount1 numeric(78,0) NOT NULL,
                    sqrt_price_x96 numeric(78,0),
                    tick integer,
                    liquidity numeric(78,0),
                    price double precision NOT NULL,
                    amount_usd double precision,
                    PRIMARY KEY (chain_id, sequence)
                )
                """,
                "CREATE INDEX swaps_by_pool ON \(table("swaps")) (chain_id, pool, sequence)",
                "CREATE INDEX swaps_by_time ON \(table("swaps")) (chain_id, block_timestamp)",
                """
                CREATE TABLE \(table("candles")) (
                    chain_id bigint NOT NULL,
                    pool text NOT NULL,
                    interval text NOT NULL,
                    time bigint NOT NULL,
                    open double precision NOT NULL,
                    high double precision NOT NULL,
                    low double precision NOT NULL,
                    close double precision NOT NULL,
                    volume0 numeric(78,0) NOT NULL,
                    volume1 numeric(78,0) NOT NULL,
                    volume_usd double precision NOT NULL,
                    trades integer NOT NULL,
                    PRIMARY KEY (chain_id, pool, interval, time)
                )
                """,
                """
                CREATE TABLE \(table("stats")) (
                    chain_id bigint NOT NULL,
                    day bigint NOT NULL,
                    volume_usd double precision NOT NULL,
                    fees_usd double precision NOT NULL,
                    swaps bigint NOT NULL,
                    tvl_usd double precision NOT NULL,
                    PRIMARY KEY (chain_id, day)
                )
                """,
            ]),
        ]
    }
}

public struct PostgresSchemaError: Error, Sendable, CustomStringConvertible {
    public let name: String
    public var description: String { "'\(name)' is not a usable schema name: lowercase letters, digits and _ only, starting with a letter or _, at most 63 characters" }
}
