import Foundation
import Logging
import Market
import Metrics

/// `INDEXER=devnet`: the simulated Base market. It pre-generates `DEVNET_HISTORY_HOURS` of
/// history, then produces one block every block time, in step with the wall clock. The chain
/// starts at `DEVNET_START_TIME` when set, else at the genesis of the market already stored (so
/// a restarted or newly elected ingester replays to the checkpoint and continues the same
/// chain), else at now minus the history, on a whole minute.
///
/// A source only ever extends the stored chain: when the stored checkpoint is not on the chain
/// it computed, it fails (`ForeignChain`) rather than ingest its own genesis on top.
public struct DevnetEventSource: EventSource {
    let settings: BackendSettings.DevnetSettings
    let chainId: UInt64
    let logger: Logger
    /// When the stored market's chain began, if there is one. Throws when the store cannot
    /// tell: the chain computed from the clock instead would be another chain.
    var storedGenesis: @Sendable () async throws -> Int64? = { nil }
    /// Blocks per ingest batch while catching up with the wall clock.
    var historyBatchBlocks = 300
    var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    private let headBlock = Gauge(label: BackendMetrics.indexerHeadBlock)

    public init(settings: BackendSettings.DevnetSettings, chainId: UInt64, logger: Logger,
                storedGenesis: @escaping @Sendable () async throws -> Int64? = { nil }) {
        self.settings = settings
        self.chainId = chainId
        self.logger = logger
        self.storedGenesis = storedGenesis
    }

    /// The backend's source: its chain starts where the market in `store` began (the earliest
    /// pool creation is the genesis block's time).
    public init(settings: BackendSettings.DevnetSettings, chainId: UInt64, logger: Logger, store: any MarketStore) {
        self.init(settings: settings, chainId: chainId, logger: logger) {
            try await store.load(chainId: chainId)?.state.pools.values.map(\.createdAt).min()
        }
    }

    public func run(resumingAfter checkpoint: IndexerCheckpoint?, into sink: some EventSink) async throws {
        let genesis = settings.startTime == nil ? try await storedGenesis() : nil
        var market = try DevnetMarket(configuration: configuration(startingBefore: now(), storedGenesis: genesis))
        if let checkpoint {
            // Never "start over" on a stored market: the sink keeps the stored state, so another
            // chain's genesis would add its liquidity to the stored pools' and its swaps then set
            // each pool's active liquidity to that chain's value, leaving pools that disagree
            // with their ticks, which the store then refuses to load.
            guard market.replay(through: checkpoint) else {
                throw ForeignChain(checkpoint: checkpoint, startTime: market.configuration.startTime)
            }
            logger.info("devnet market resumed after its checkpoint", metadata: ["block": "\(checkpoint.blockNumber)"])
            try await sink.register(market.tokens)
        } else {
            try await sink.register(market.tokens)
            try await sink.ingest(market.genesis.events, checkpoint: market.genesis.checkpoint)
        }
        try await catchUp(&market, sink: sink)
        while !Task.isCancelled {
            let wait = market.nextBlockTimestamp - now()
            if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
            try await catchUp(&market, sink: sink)
        }
    }

    /// The chain to run at `now`: from the configured start, the stored genesis, or the history.
    func configuration(startingBefore now: Int64, storedGenesis: Int64? = nil) -> DevnetConfiguration {
        let history = now - Int64(settings.historyHours) * 3600
        let start = settings.startTime ?? storedGenesis ?? history - ((history % 60) + 60) % 60
        return DevnetConfiguration(seed: settings.seed, chainId: chainId, swapsPerSecond: settings.swapsPerSecond,
                                   startTime: start, blockTime: Int64(settings.blockSeconds))
    }

    /// Ingests every block due by now, in batches.
    private func catchUp(_ market: inout DevnetMarket, sink: some EventSink) async throws {
        var events: [MarketEvent] = []
        var last: IndexerCheckpoint?
        var blocks = 0
        let target = now()
        while market.nextBlockTimestamp <= target {
            // Catching up a day of history takes seconds: stop promptly at shutdown.
            try Task.checkCancellation()
            let block = market.nextBlock()
            headBlock.record(Int64(clamping: block.number))
            events += block.events
            last = block.checkpoint
            blocks += 1
            if blocks % historyBatchBlocks == 0, let checkpoint = last {
                try await sink.ingest(events, checkpoint: checkpoint)
                events.removeAll(keepingCapacity: true)
                await Task.yield()
            }
        }
        if let checkpoint = last, blocks % historyBatchBlocks != 0 {
            try await sink.ingest(events, checkpoint: checkpoint)
        }
        if blocks > historyBatchBlocks {
            logger.info("devnet history generated", metadata: ["blocks": "\(blocks)", "head": "\(market.head.blockNumber)"])
        }
    }
}

extension DevnetEventSource {
    /// The stored checkpoint is not on the chain this source computed: the seed, the block time
    /// or `DEVNET_START_TIME` changed, or the stored genesis was unknown. The run fails so the
    /// ingest service retries it; nothing was ingested.
    public struct ForeignChain: Error, Sendable, CustomStringConvertible {
        public var checkpoint: IndexerCheckpoint
        /// The genesis time of the chain the source computed.
        public var startTime: Int64

        public var description: String {
            "the stored checkpoint (block \(checkpoint.blockNumber)) is not on the devnet chain starting at \(startTime); "
                + "restore the devnet settings the store was built with, or start from an empty database"
        }
    }
}
