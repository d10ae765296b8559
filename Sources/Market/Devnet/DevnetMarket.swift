import DEXMath

/// The deterministic simulated Base market behind `INDEXER=devnet`: the real Base token list,
/// pools at the standard fee tiers with liquidity around realistic prices, and a flow of trader
/// swaps (random sizes and directions over a random-walk fair price), arbitrage back toward the
/// fair price, and liquidity coming and going — all computed with the pools' own swap and
/// liquidity math and emitted as chain-shaped events.
///
/// The market applies every event it emits to its own `state` through `MarketState.apply`, the
/// path every consumer uses; an event its own state rejects is a bug and stops the process.
/// Same configuration → the same blocks, byte for byte (integer math and a specified PRNG only).
public struct DevnetMarket: Sendable {
    public let configuration: DevnetConfiguration
    public let tokenList: [BaseTokenList.Entry]
    public let pools: [DevnetPool]
    /// Accounts that hold liquidity positions (`positions by owner` has data for each).
    public let liquidityProviders: [Address]
    /// Accounts that receive the trader swaps.
    public let traders: [Address]
    /// Accounts that send and receive the arbitrage swaps.
    public let arbitrageurs: [Address]
    /// The `sender` of trader swaps: a router contract calling the pools on the traders' behalf.
    public let router: Address

    /// The market after every event emitted so far.
    public private(set) var state: MarketState
    /// Pool creation and the initial liquidity, at `configuration.startTime`.
    public private(set) var genesis: DevnetBlock
    /// The last block produced (the genesis block before the first `nextBlock()`).
    public private(set) var head: IndexerCheckpoint
    public private(set) var headTimestamp: Int64

    var prices: DevnetPriceModel
    var rng: SyntheticRandom
    /// Positions minted after genesis, in mint order: the ones liquidity providers may burn.
    /// (Genesis liquidity stays, so every pool keeps a full-range floor.)
    var openPositions: [PositionKey] = []
    let poolIndex: [Address: Int]
    let concentratedPools: [Int]
    /// `pools`' activity weights, and those of `concentratedPools`, for weighted draws.
    let activities: [Int]
    let concentratedActivities: [Int]
    let tradeSizeTicks: [ClosedRange<Int32>]

    public init(configuration: DevnetConfiguration, tokenList: [BaseTokenList.Entry] = BaseTokenList.all) throws {
        try configuration.validate()
        self.configuration = configuration
        self.tokenList = tokenList
        let planned = DevnetPoolPlan.pools(entries: tokenList, seed: configuration.seed)
        pools = planned
        liquidityProviders = (0..<8).map { DevnetIdentity.account("liquidity provider", $0) }
        traders = (0..<64).map { DevnetIdentity.account("trader", $0) }
        arbitrageurs = (0..<3).map { DevnetIdentity.account("arbitrageur", $0) }
        router = DevnetIdentity.account("router", 0)
        poolIndex = Dictionary(uniqueKeysWithValues: planned.enumerated().map { ($1.address, $0) })
        let concentrated = planned.indices.filter { planned[$0].kind == .concentrated }
        concentratedPools = concentrated
        activities = planned.map(\.activity)
        concentratedActivities = concentrated.map { planned[$0].activity }
        // Trader sizes are log-uniform from $20 up to 1/1000 of the pool's depth (at most $50k):
        // small enough that a pool's price moves by basis points per trade, as on a busy chain.
        let minimum = try DevnetIntegers.rawTick(usd: 20, decimals: 0)
        var sizes: [ClosedRange<Int32>] = []
        for pool in planned {
            let top = try DevnetIntegers.rawTick(usd: Double(min(50_000, max(40, pool.genesisTvlUsd / 1000))), decimals: 0)
            sizes.append(minimum...max(minimum, top))
        }
        tradeSizeTicks = sizes
        prices = try DevnetPriceModel(entries: tokenList)
        rng = SyntheticRandom(seed: configuration.seed, stream: 0xDE7_0001)
        var initial = MarketState(chainId: configuration.chainId)
        for entry in tokenList { initial.register(entry.token) }
        state = initial

        let number = configuration.genesisBlockNumber
        let parent = DevnetIdentity.blockHash(chainId: configuration.chainId, seed: configuration.seed, number: number - 1, parent: Hash32.keccak([]))
        var block = BlockBuilder(configuration: configuration, number: number, parentHash: parent, timestamp: configuration.startTime)
        genesis = block.finish()
        head = genesis.checkpoint
        headTimestamp = genesis.timestamp
        try buildGenesis(into: &block)
        genesis = block.finish()
    }

    /// Token metadata to register before the genesis events.
    public var tokens: [Token] { tokenList.map(\.token) }

    public var nextBlockTimestamp: Int64 { headTimestamp + configuration.blockTime }

    /// The next block, `blockTime` after the previous one: fair prices move, traders swap,
    /// arbitrageurs bring pools back toward the fair price, liquidity providers mint and burn.
    public mutating func nextBlock() -> DevnetBlock {
        var block = BlockBuilder(configuration: configuration, number: head.blockNumber + 1, parentHash: head.blockHash,
                                 timestamp: nextBlockTimestamp)
        prices.step(rng: &rng)
        let trades = traderSwapCount()
        for _ in 0..<trades { traderSwap(into: &block) }
        for index in pools.indices { arbitrage(index, into: &block) }
        changeLiquidity(into: &block)
        let finished = block.finish()
        head = finished.checkpoint
        headTimestamp = finished.timestamp
        return finished
    }

    /// Produces every block due at or before `timestamp` (e.g. now, to pre-generate history),
    /// handing each to `body` in order. Returns how many were made.
    @discardableResult
    public mutating func advance(through timestamp: Int64, _ body: (DevnetBlock) throws -> Void) rethrows -> Int {
        var count = 0
        while nextBlockTimestamp <= timestamp {
            try body(nextBlock())
            count += 1
        }
        return count
    }

    /// Replays blocks (emitting nothing) until the head is `checkpoint`'s block: how a restarted
    /// source resumes after a stored checkpoint. Returns false when the checkpoint is not on this
    /// chain (another seed or start time), lies before the genesis block, or would need blocks
    /// later than `notAfter` (unix seconds); the market is then left as it was, so the caller
    /// can start over from `genesis`.
    public mutating func replay(through checkpoint: IndexerCheckpoint, notAfter: Int64? = nil) -> Bool {
        let before = self
        while head.blockNumber < checkpoint.blockNumber {
            if let notAfter, nextBlockTimestamp > notAfter { break }
            _ = nextBlock()
        }
        if head == checkpoint { return true }
        self = before
        return false
    }

    // MARK: - Fair prices (what arbitrage steers toward)

    /// The simulation's fair USD price of a whole `token` (display only).
    public func fairUsd(_ token: Address) -> Double? {
        guard let index = tokenList.firstIndex(where: { $0.address == token }),
              let value = try? DevnetIntegers.usdE18(amount: DevnetIntegers.powerOfTen(Int(tokenList[index].decimals)), rawTick: prices.ticks[index])
        else { return nil }
        return value.devnetDouble / 1e18
    }

    /// The fair price of a pool (raw token1 per raw token0) as a tick.
    public func fairTick(pool: Address) -> Int32? {
        guard let index = poolIndex[pool] else { return nil }
        return prices.poolTick(pools[index].index0, pools[index].index1)
    }

    public func fairSqrtPriceX96(pool: Address) -> UInt256? {
        fairTick(pool: pool).flatMap { try? TickMath.sqrtPriceAtTick($0) }
    }

    // MARK: - Emitting

    /// Applies `payload` to the market's state as the block's next log and records it.
    @discardableResult
    mutating func emit(_ payload: MarketEvent.Payload, into block: inout BlockBuilder) -> EventID {
        let event = MarketEvent(context: block.nextContext(), payload: payload)
        do {
            try state.apply(event)
        } catch {
            preconditionFailure("the devnet emitted an event its own state rejects (a simulation bug): \(error) — \(event)")
        }
        block.events.append(event)
        return event.id
    }
}

/// A block being filled: its identity, and the transactions and logs so far.
struct BlockBuilder {
    let chainId: UInt64
    let seed: UInt64
    let number: UInt64
    let hash: Hash32
    let parentHash: Hash32
    let timestamp: Int64
    var events: [MarketEvent] = []
    var trades: [DevnetTrade] = []
    private var transactions: UInt64 = 0
    private var transaction: Hash32

    init(configuration: DevnetConfiguration, number: UInt64, parentHash: Hash32, timestamp: Int64) {
        chainId = configuration.chainId
        seed = configuration.seed
        self.number = number
        self.parentHash = parentHash
        self.timestamp = timestamp
        hash = DevnetIdentity.blockHash(chainId: chainId, seed: seed, number: number, parent: parentHash)
        transaction = hash
    }

    /// Starts the next transaction: the following logs carry its hash.
    mutating func beginTransaction() {
        transaction = DevnetIdentity.transactionHash(chainId: chainId, seed: seed, block: number, index: transactions)
        transactions += 1
    }

    /// Log indexes count the block's logs, as on chain.
    func nextContext() -> EventContext {
        EventContext(chainId: chainId, blockNumber: number, blockHash: hash, txHash: transaction,
                     logIndex: UInt32(events.count), timestamp: timestamp)
    }

    func finish() -> DevnetBlock {
        DevnetBlock(number: number, hash: hash, parentHash: parentHash, timestamp: timestamp, events: events, trades: trades)
    }
}
