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

    /// One initialized tick; gross is kept (the snapshot format drops it) so a loaded pool
    /// equals the pool that was stored.
    struct Tick: Codable {
        var i: Int32
        var net: String
        var gross: String
    }

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
        var ticks: [Tick]?
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
                ticks = pool.ticks.map { Tick(i: $0.index, net: String($0.liquidityNet), gross: String($0.liquidityGross)) }
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

    static func pool(_ row: PostgresRow) throws -> PoolRecord {
        let kindText = try row.decode("kind", as: String.self)
        guard let kind = Pool.Kind(rawValue: kindText) else { throw Corrupt(description: "pool kind '\(kindText)'") }
        let fee = try row.decode("fee", as: Int64.self)
        guard let fee32 = UInt32(exactly: fee) else { throw Corrupt(description: "fee \(fee)") }
        let spacing = try row.decode("tick_spacing", as: Int32?.self)
        var state: Pool?
        switch kind {
        case .concentrated:
            if let sqrtPrice = try uint256(row, "sqrt_price_x96"), let spacing {
                let ticksText = try row.decode("ticks", as: String?.self) ?? "[]"
                let ticks = try JSONDecoder().decode([Tick].self, from: Data(ticksText.utf8)).map { tick throws -> TickInfo in
                    guard let net = Int256(tick.net)?.exactInt128, let gross = UInt256(tick.gross)?.exactUInt128 else {
                        throw Corrupt(description: "tick \(tick.i) liquidity")
                    }
                    return TickInfo(index: tick.i, liquidityNet: net, liquidityGross: gross)
                }
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

    static func event(_ row: PostgresRow) throws -> AppliedEvent {
        let payload = try row.decode("payload", as: String.self)
        return try JSONDecoder().decode(StoredEvent.self, from: Data(payload.utf8)).applied
    }
}
