import DEXMath
import Logging
import Market

/// Brings pools created before `START_BLOCK` into the market as they stand at `START_BLOCK - 1`,
/// as events `MarketState` applies like any others. Two modes (`BOOTSTRAP_MODE`):
///
/// - `history` (the default): the pools' own `Initialize`/`Mint`/`Burn` logs since
///   `BOOTSTRAP_FROM_BLOCK` (no `Swap`s — the bulk of a pool's logs), then a zero-amount `Swap`
///   per pool carrying `slot0()` and `liquidity()` read with `eth_call`. Ticks *and* positions
///   are exact, so later `Burn`s of old positions apply.
/// - `storage`: no pool logs at all; everything read from storage with `eth_call`, as below.
///   Pools and ticks are exact, but positions are not recoverable from pool storage: a later
///   `Burn` of a position opened before `START_BLOCK` is refused by `MarketState`
///   (`positionTooSmall`). Fit for a read-only view (quotes, pool pages) of a recent window.
///
/// Storage mode, per pool:
///
/// 1. the pool's real `PoolCreated` (its own log and context);
/// 2. `Initialize(slot0.sqrtPriceX96)`;
/// 3. one `Mint` per run of constant liquidity between consecutive initialized ticks (read from
///    `tickBitmap` word by word, then `ticks(i).liquidityNet`), owned by `bootstrapOwner` — net
///    liquidity at every tick comes out exactly as the chain has it; how it splits into real
///    positions is not recoverable from pool storage, so per-owner positions start with the
///    first indexed block;
/// 4. a zero-amount `Swap` carrying `slot0`'s price and tick and `liquidity()`, so the
///    pool's state is the chain's exactly, tick boundary cases included.
///
/// Synthetic events have block `at`, its hash and timestamp, and transaction hashes derived
/// from the pool (`keccak("basebook-bootstrap" ‖ pool ‖ block)`), so a re-run dedupes them.
/// Reading a past block's storage needs an archive node, unless `at` is recent.
public struct PoolBootstrapper: Sendable {
    public static let bootstrapOwner = Address.zero
    public static let getReservesSelector = UniswapV3ABI.selector("getReserves()")
    public static let slot0Selector = UniswapV3ABI.selector("slot0()")
    public static let liquiditySelector = UniswapV3ABI.selector("liquidity()")
    public static let tickBitmapSelector = UniswapV3ABI.selector("tickBitmap(int16)")
    public static let ticksSelector = UniswapV3ABI.selector("ticks(int24)")

    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case history, storage
    }

    public let rpc: EthereumRPC
    public let chainId: UInt64
    private let logger: Logger

    public init(rpc: EthereumRPC, chainId: UInt64, logger: Logger) {
        self.rpc = rpc
        self.chainId = chainId
        self.logger = logger
    }

    public enum BootstrapError: Error, Sendable, Hashable, CustomStringConvertible {
        case unreadable(pool: Address, what: String, RPCError?)
        case inconsistentTicks(pool: Address)

        public var description: String {
            switch self {
            case .unreadable(let pool, let what, let error): "bootstrap of pool \(pool): cannot read \(what)\(error.map { ": \($0)" } ?? "")"
            case .inconsistentTicks(let pool): "bootstrap of pool \(pool): the ticks' net liquidity does not sum to zero"
            }
        }
    }

    /// The events that rebuild `created` pools (each with its `PoolCreated` event) at block `at`.
    public func events(for created: [MarketEvent], at block: EthBlockHeader) async throws -> [MarketEvent] {
        var events: [MarketEvent] = []
        var logIndex: UInt32 = 0
        for creation in created {
            guard case .poolCreated(let pool) = creation.payload, pool.kind == .concentrated, let spacing = pool.tickSpacing else { continue }
            events.append(creation)
            let tx = Hash32.keccak(Array("basebook-bootstrap".utf8) + pool.pool.bytes + LogEncoding.word(UInt256(block.number)))
            func context() -> EventContext {
                defer { logIndex += 1 }
                return EventContext(chainId: chainId, blockNumber: block.number, blockHash: block.hash, txHash: tx, logIndex: logIndex, timestamp: block.timestamp)
            }
            let state = try await read(pool.pool, spacing: spacing, at: block.number)
            guard let state else { continue }
            events.append(MarketEvent(context: context(), payload: .initialize(.init(pool: pool.pool, sqrtPriceX96: state.sqrtPriceX96, tick: state.tick))))
            var running: Int128 = 0
            for (lower, upper) in zip(state.ticks, state.ticks.dropFirst()) {
                running += lower.net
                guard running >= 0 else { throw BootstrapError.inconsistentTicks(pool: pool.pool) }
                guard running > 0 else { continue }
                events.append(MarketEvent(context: context(), payload: .mint(.init(
                    pool: pool.pool, sender: Self.bootstrapOwner, owner: Self.bootstrapOwner, tickLower: lower.index, tickUpper: upper.index,
                    amount: UInt128(running), amount0: .zero, amount1: .zero))))
            }
            if let last = state.ticks.last, running + last.net != 0 { throw BootstrapError.inconsistentTicks(pool: pool.pool) }
            events.append(MarketEvent(context: context(), payload: .swap(.init(
                pool: pool.pool, sender: Self.bootstrapOwner, recipient: Self.bootstrapOwner, amount0: .zero, amount1: .zero,
                sqrtPriceX96: state.sqrtPriceX96, liquidity: state.liquidity, tick: state.tick))))
            logger.info("bootstrapped pool", metadata: ["pool": "\(pool.pool)", "ticks": "\(state.ticks.count)", "block": "\(block.number)"])
        }
        return events
    }

    /// History mode's last step: a zero-amount `Swap` per initialized pool that sets `slot0`'s
    /// price and tick and `liquidity()` as the chain has them at `block`.
    public func priceEvents(for pools: [Address], at block: EthBlockHeader) async throws -> [MarketEvent] {
        var events: [MarketEvent] = []
        for (index, pool) in pools.enumerated() {
            let head = try await rpc.calls([(pool, Self.slot0Selector), (pool, Self.liquiditySelector)], block: block.number)
            let slot0 = try words(head[0], pool: pool, what: "slot0()", atLeast: 2)
            guard let price = slot0[0].unsigned(bits: 160), let tick = slot0[1].int32(bits: 24) else {
                throw BootstrapError.unreadable(pool: pool, what: "slot0()", nil)
            }
            guard !price.isZero else { continue }
            guard let liquidity = try words(head[1], pool: pool, what: "liquidity()", atLeast: 1)[0].uint128 else {
                throw BootstrapError.unreadable(pool: pool, what: "liquidity()", nil)
            }
            let tx = Hash32.keccak(Array("basebook-bootstrap".utf8) + pool.bytes + LogEncoding.word(UInt256(block.number)))
            let context = EventContext(chainId: chainId, blockNumber: block.number, blockHash: block.hash, txHash: tx,
                                       logIndex: UInt32(index), timestamp: block.timestamp)
            events.append(MarketEvent(context: context, payload: .swap(.init(
                pool: pool, sender: Self.bootstrapOwner, recipient: Self.bootstrapOwner, amount0: .zero, amount1: .zero,
                sqrtPriceX96: price, liquidity: liquidity, tick: tick))))
        }
        return events
    }

    /// Constant-product pairs (both modes): a `Sync` with `getReserves()` at `block`. Log
    /// indexes continue after the concentrated pools' synthetic events (offset 1 << 20) so
    /// identities never collide.
    public func reserveEvents(for pairs: [Address], at block: EthBlockHeader) async throws -> [MarketEvent] {
        guard !pairs.isEmpty else { return [] }
        let results = try await rpc.calls(pairs.map { ($0, Self.getReservesSelector) }, block: block.number)
        return try zip(pairs, results).enumerated().map { index, element in
            let (pair, result) = element
            let reserves = try words(result, pool: pair, what: "getReserves()", atLeast: 2)
            guard let reserve0 = reserves[0].unsigned(bits: 112), let reserve1 = reserves[1].unsigned(bits: 112) else {
                throw BootstrapError.unreadable(pool: pair, what: "getReserves()", nil)
            }
            let tx = Hash32.keccak(Array("basebook-bootstrap".utf8) + pair.bytes + LogEncoding.word(UInt256(block.number)))
            let context = EventContext(chainId: chainId, blockNumber: block.number, blockHash: block.hash, txHash: tx,
                                       logIndex: UInt32((1 << 20) + index), timestamp: block.timestamp)
            return MarketEvent(context: context, payload: .sync(.init(pool: pair, reserve0: reserve0, reserve1: reserve1)))
        }
    }

    struct PoolState {
        var sqrtPriceX96: UInt256
        var tick: Int32
        var liquidity: UInt128
        var ticks: [(index: Int32, net: Int128)]
    }

    /// nil for a pool that was never initialized.
    func read(_ pool: Address, spacing: Int32, at block: UInt64) async throws -> PoolState? {
        let head = try await rpc.calls([(pool, Self.slot0Selector), (pool, Self.liquiditySelector)], block: block)
        let slot0 = try words(head[0], pool: pool, what: "slot0()", atLeast: 2)
        guard let price = slot0[0].unsigned(bits: 160), let tick = slot0[1].int32(bits: 24) else {
            throw BootstrapError.unreadable(pool: pool, what: "slot0()", nil)
        }
        guard !price.isZero else { return nil }
        guard let liquidity = try words(head[1], pool: pool, what: "liquidity()", atLeast: 1)[0].uint128 else {
            throw BootstrapError.unreadable(pool: pool, what: "liquidity()", nil)
        }
        // Every bitmap word a usable tick can sit in (TickBitmap.position of the compressed tick).
        let minCompressed = Self.floorDiv(TickMath.minTick, spacing)
        let maxCompressed = Self.floorDiv(TickMath.maxTick, spacing)
        let wordPositions = Array((minCompressed >> 8)...(maxCompressed >> 8))
        let bitmap = try await rpc.calls(wordPositions.map { (pool, Self.tickBitmapSelector + LogEncoding.word(Int256(Int64($0)).bitPattern)) }, block: block)
        var initialized: [Int32] = []
        for (position, result) in zip(wordPositions, bitmap) {
            let word = try words(result, pool: pool, what: "tickBitmap(\(position))", atLeast: 1)[0].uint256
            guard !word.isZero else { continue }
            for bit in 0..<256 where !((word >> bit) & UInt256.one).isZero {
                initialized.append((position * 256 + Int32(bit)) * spacing)
            }
        }
        let tickResults = try await rpc.calls(initialized.map { (pool, Self.ticksSelector + LogEncoding.word(Int256(Int64($0)).bitPattern)) }, block: block)
        var ticks: [(Int32, Int128)] = []
        for (index, result) in zip(initialized, tickResults) {
            let info = try words(result, pool: pool, what: "ticks(\(index))", atLeast: 2)
            guard let net = info[1].signed(bits: 128)?.exactInt128 else { throw BootstrapError.unreadable(pool: pool, what: "ticks(\(index)).liquidityNet", nil) }
            ticks.append((index, net))
        }
        return PoolState(sqrtPriceX96: price, tick: tick, liquidity: liquidity, ticks: ticks.map { (index: $0.0, net: $0.1) })
    }

    private func words(_ result: Result<[UInt8], RPCError>, pool: Address, what: String, atLeast count: Int) throws -> ABIWords {
        let data: [UInt8]
        do { data = try result.get() } catch { throw BootstrapError.unreadable(pool: pool, what: what, error) }
        guard data.count >= count * 32, data.count % 32 == 0 else { throw BootstrapError.unreadable(pool: pool, what: what, nil) }
        return ABIWords(data: data)
    }

    static func floorDiv(_ a: Int32, _ b: Int32) -> Int32 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}

/// ABI words for call arguments.
enum LogEncoding {
    static func word(_ value: UInt256) -> [UInt8] {
        [value.w3, value.w2, value.w1, value.w0].flatMap { limb in (0..<8).reversed().map { UInt8(truncatingIfNeeded: limb >> (8 * UInt64($0))) } }
    }
}
