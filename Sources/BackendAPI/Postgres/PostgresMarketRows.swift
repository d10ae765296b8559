import DEXMath
import DataLoop
import Foundation
import Market

/// The rows the store writes, as JSON objects: a batch travels as one `jsonb` parameter that
/// `jsonb_to_recordset` turns into rows, so every statement stays parameterised however many
/// rows it writes. Amounts are decimal strings, which PostgreSQL reads into numeric exactly.
enum PostgresMarketRows {
    struct Event: Encodable {
        var tx_hash: String
        var log_index: UInt32
        var sequence: UInt64
        var block_number: UInt64
        var block_timestamp: Int64
        var kind: String
        var pool: String
        var payload: StoredEvent

        init(_ applied: AppliedEvent) {
            let context = applied.event.context
            tx_hash = context.txHash.description
            log_index = context.logIndex
            sequence = applied.sequence
            block_number = context.blockNumber
            block_timestamp = context.timestamp
            kind = applied.event.kind.rawValue
            pool = applied.event.pool.lowercaseHex
            payload = StoredEvent(applied)
        }
    }

    struct TokenRow: Encodable {
        var address: String
        var symbol: String
        var name: String?
        var decimals: UInt8

        init(_ token: Token) {
            address = token.address.lowercaseHex
            symbol = token.symbol
            name = token.name
            decimals = token.decimals
        }
    }

    /// One initialized tick of a pool; gross is kept (the snapshot format drops it) so a loaded
    /// pool equals the pool that was stored.
    struct TickRow: Encodable {
        var pool: String
        var tick: Int32
        var net: String
        var gross: String
    }

    /// Every initialized tick of the concentrated pools among `records`.
    static func ticks(of records: [PoolRecord]) -> [TickRow] {
        records.flatMap { record -> [TickRow] in
            guard case .concentrated(let pool) = record.state else { return [] }
            return pool.ticks.map { TickRow(pool: record.address.lowercaseHex, tick: $0.index, net: String($0.liquidityNet), gross: String($0.liquidityGross)) }
        }
    }

    struct SwapRow: Encodable {
        var sequence: UInt64
        var pool: String
        var tx_hash: String
        var log_index: UInt32
        var block_number: UInt64
        var block_timestamp: Int64
        var sender: String
        var recipient: String
        var amount0: String
        var amount1: String
        var sqrt_price_x96: String?
        var tick: Int32?
        var liquidity: String?
        var price: Double
        var amount_usd: Double?

        init(_ swap: SwapRecord) {
            sequence = swap.sequence
            pool = swap.pool.lowercaseHex
            tx_hash = swap.txHash.description
            log_index = swap.logIndex
            block_number = swap.blockNumber
            block_timestamp = swap.timestamp
            sender = swap.sender.lowercaseHex
            recipient = swap.recipient.lowercaseHex
            amount0 = swap.amount0.description
            amount1 = swap.amount1.description
            sqrt_price_x96 = swap.sqrtPriceX96?.description
            tick = swap.tick
            liquidity = swap.liquidity.map { String($0) }
            price = finite(swap.price)
            amount_usd = swap.amountUsd.flatMap { $0.isFinite ? $0 : nil }
        }
    }

    struct CandleRow: Encodable {
        var pool: String
        var interval: String
        var time: Int64
        var open: Double
        var high: Double
        var low: Double
        var close: Double
        var volume0: String
        var volume1: String
        var volume_usd: Double
        var trades: Int

        init(_ entry: PoolCandle) {
            let candle = entry.candle
            pool = entry.pool.lowercaseHex
            interval = entry.interval.rawValue
            time = candle.time
            open = finite(candle.open)
            high = finite(candle.high)
            low = finite(candle.low)
            close = finite(candle.close)
            volume0 = candle.volume0.description
            volume1 = candle.volume1.description
            volume_usd = finite(candle.volumeUsd)
            trades = candle.trades
        }
    }

    struct DayRow: Encodable {
        var day: Int64
        var volume_usd: Double
        var fees_usd: Double
        var swaps: Int
        var tvl_usd: Double

        init(_ totals: DailyTotals) {
            day = totals.day
            volume_usd = finite(totals.volumeUsd)
            fees_usd = finite(totals.feesUsd)
            swaps = totals.swaps
            tvl_usd = finite(totals.tvlUsd)
        }
    }

    /// JSON has no NaN or infinity; a display value that overflowed is stored as 0 rather than
    /// failing the batch it belongs to.
    static func finite(_ value: Double) -> Double { value.isFinite ? value : 0 }

    struct PoolRow: Encodable {
        var address: String
        var kind: String
        var token0: String
        var token1: String
        var fee: UInt32
        var tick_spacing: Int32?
        var sqrt_price_x96: String?
        var tick: Int32?
        var liquidity: String?
        var reserve0: String?
        var reserve1: String?
        var created_block: UInt64
        var created_at: Int64
        var last_sequence: UInt64

        init(_ record: PoolRecord) {
            address = record.address.lowercaseHex
            kind = record.kind.rawValue
            token0 = record.token0.lowercaseHex
            token1 = record.token1.lowercaseHex
            fee = record.fee
            tick_spacing = record.tickSpacing
            created_block = record.createdBlock
            created_at = record.createdAt
            last_sequence = record.lastSequence
            switch record.state {
            case .concentrated(let pool):
                sqrt_price_x96 = pool.sqrtPriceX96.description
                tick = pool.tick
                liquidity = String(pool.liquidity)
            case .constantProduct(let pool):
                reserve0 = pool.reserve0.description
                reserve1 = pool.reserve1.description
            case nil:
                break
            }
        }
    }

    struct PositionRow: Encodable {
        var pool: String
        var owner: String
        var tick_lower: Int32
        var tick_upper: Int32
        var liquidity: String
    }

    static func json(_ rows: some Encodable) throws -> PostgresValue {
        .text(String(decoding: try JSONEncoder().encode(rows), as: UTF8.self))
    }

    // MARK: reading

    struct Corrupt: Error, CustomStringConvertible {
        var description: String
    }

    static func address(_ row: PostgresRow, _ column: String) throws -> Address {
        let text = try row.decode(column, as: String.self)
        guard let address = Address(text) else { throw Corrupt(description: "\(column) '\(text)' is not an address") }
        return address
    }

    static func uint256(_ row: PostgresRow, _ column: String) throws -> UInt256? {
        guard let text = try row.decode(column, as: PostgresNumeric?.self)?.decimalString else { return nil }
        guard let value = UInt256(text) else { throw Corrupt(description: "\(column) \(text) is not a uint256") }
        return value
    }

    static func uint128(_ row: PostgresRow, _ column: String) throws -> UInt128? {
        guard let value = try uint256(row, column) else { return nil }
        guard let small = value.exactUInt128 else { throw Corrupt(description: "\(column) \(value) exceeds uint128") }
        return small
    }

    static func token(_ row: PostgresRow) throws -> Token {
        let decimals = try row.decode("decimals", as: Int.self)
        guard let small = UInt8(exactly: decimals) else { throw Corrupt(description: "decimals \(decimals)") }
        return Token(address: try address(row, "address"), symbol: try row.decode("symbol"), decimals: small, name: try row.decode("name", as: String?.self))
    }

    static func pool(_ row: PostgresRow, ticks: [TickInfo]) throws -> PoolRecord {
        let kindText = try row.decode("kind", as: String.self)
        guard let kind = Pool.Kind(rawValue: kindText) else { throw Corrupt(description: "pool kind '\(kindText)'") }
        let fee = try row.decode("fee", as: Int64.self)
        guard let fee32 = UInt32(exactly: fee) else { throw Corrupt(description: "fee \(fee)") }
        let spacing = try row.decode("tick_spacing", as: Int32?.self)
        var state: Pool?
        switch kind {
        case .concentrated:
            if let sqrtPrice = try uint256(row, "sqrt_price_x96"), let spacing {
                state = .concentrated(try ConcentratedPool(fee: fee32, tickSpacing: spacing, sqrtPriceX96: sqrtPrice,
                                                           tick: try row.decode("tick", as: Int32.self),
                                                           liquidity: try uint128(row, "liquidity") ?? 0, ticks: ticks))
            }
        case .constantProduct:
            if let reserve0 = try uint256(row, "reserve0"), let reserve1 = try uint256(row, "reserve1") {
                state = .constantProduct(try ConstantProductPool(fee: fee32, reserve0: reserve0, reserve1: reserve1))
            }
        }
        return PoolRecord(address: try address(row, "address"), kind: kind, token0: try address(row, "token0"), token1: try address(row, "token1"),
                          fee: fee32, tickSpacing: spacing, state: state,
                          createdBlock: UInt64(try row.decode("created_block", as: Int64.self)),
                          createdAt: try row.decode("created_at", as: Int64.self),
                          lastSequence: UInt64(try row.decode("last_sequence", as: Int64.self)))
    }

    static func position(_ row: PostgresRow) throws -> (PositionKey, UInt128) {
        let key = PositionKey(pool: try address(row, "pool"), owner: try address(row, "owner"),
                              tickLower: try row.decode("tick_lower", as: Int32.self), tickUpper: try row.decode("tick_upper", as: Int32.self))
        return (key, try uint128(row, "liquidity") ?? 0)
    }

    static func tick(_ row: PostgresRow) throws -> TickInfo {
        let index = try row.decode("tick", as: Int32.self)
        guard let net = try int256(row, "liquidity_net").exactInt128, let gross = try uint128(row, "liquidity_gross") else {
            throw Corrupt(description: "tick \(index) liquidity")
        }
        return TickInfo(index: index, liquidityNet: net, liquidityGross: gross)
    }

    static func int256(_ row: PostgresRow, _ column: String) throws -> Int256 {
        let text = try row.decode(column, as: PostgresNumeric.self).decimalString
        guard let value = Int256(text) else { throw Corrupt(description: "\(column) \(text) is not an int256") }
        return value
    }

    static func hash(_ row: PostgresRow, _ column: String) throws -> Hash32 {
        let text = try row.decode(column, as: String.self)
        guard let hash = Hash32(text) else { throw Corrupt(description: "\(column) '\(text)' is not a 32-byte hash") }
        return hash
    }

    static func swap(_ row: PostgresRow) throws -> SwapRecord {
        SwapRecord(sequence: UInt64(try row.decode("sequence", as: Int64.self)), pool: try address(row, "pool"), txHash: try hash(row, "tx_hash"),
                   logIndex: UInt32(try row.decode("log_index", as: Int64.self)), blockNumber: UInt64(try row.decode("block_number", as: Int64.self)),
                   timestamp: try row.decode("block_timestamp", as: Int64.self), sender: try address(row, "sender"), recipient: try address(row, "recipient"),
                   amount0: try int256(row, "amount0"), amount1: try int256(row, "amount1"), sqrtPriceX96: try uint256(row, "sqrt_price_x96"),
                   tick: try row.decode("tick", as: Int32?.self), liquidity: try uint128(row, "liquidity"),
                   price: try row.decode("price", as: Double.self), amountUsd: try row.decode("amount_usd", as: Double?.self))
    }

    static func candle(_ row: PostgresRow) throws -> PoolCandle {
        let intervalText = try row.decode("interval", as: String.self)
        guard let interval = CandleInterval(rawValue: intervalText) else { throw Corrupt(description: "candle interval '\(intervalText)'") }
        let candle = Candle(time: try row.decode("time", as: Int64.self), open: try row.decode("open", as: Double.self),
                            high: try row.decode("high", as: Double.self), low: try row.decode("low", as: Double.self),
                            close: try row.decode("close", as: Double.self), volume0: try uint256(row, "volume0") ?? .zero,
                            volume1: try uint256(row, "volume1") ?? .zero, volumeUsd: try row.decode("volume_usd", as: Double.self),
                            trades: try row.decode("trades", as: Int.self))
        return PoolCandle(pool: try address(row, "pool"), interval: interval, candle: candle)
    }

    static func day(_ row: PostgresRow) throws -> DailyTotals {
        DailyTotals(day: try row.decode("day", as: Int64.self), volumeUsd: try row.decode("volume_usd", as: Double.self),
                    feesUsd: try row.decode("fees_usd", as: Double.self), swaps: try row.decode("swaps", as: Int.self),
                    tvlUsd: try row.decode("tvl_usd", as: Double.self))
    }

    static func event(_ row: PostgresRow) throws -> AppliedEvent {
        let payload = try row.decode("payload", as: String.self)
        return try JSONDecoder().decode(StoredEvent.self, from: Data(payload.utf8)).applied
    }
}
