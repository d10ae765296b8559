import Foundation
import Logging
import Market
import Metrics

/// `INDEXER=devnet`: the simulated Base market. It pre-generates `DEVNET_HISTORY_HOURS` of
/// history, then produces one block every block time, in step with the wall clock. The chain
/// starts at `DEVNET_START_TIME` when set, else at the genesis of the market already stored (so
/// a restarted or newly elected ingester replays to the checkpoint and continues the same
/// chain), else at now minus the history, on a whole minute.
public struct DevnetEventSource: EventSource {
    let settings: BackendSettings.DevnetSettings
    let chainId: UInt64
    let logger: Logger
    /// When the stored market's chain began, if there is one.
    var storedGenesis: @Sendable () async -> Int64? = { nil }
    /// Blocks per ingest batch while catching up with the wall clock.
    var historyBatchBlocks = 300
    var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    private let headBlock = Gauge(label: BackendMetrics.indexerHeadBlock)

    public init(settings: BackendSettings.DevnetSettings, chainId: UInt64, logger: Logger,
                storedGenesis: @escaping @Sendable () async -> Int64? = { nil }) {
        self.settings = settings
        self.chainId = chainId
        self.logger = logger
        self.storedGenesis = storedGenesis
    }

    public func run(resumingAfter checkpoint: IndexerCheckpoint?, into sink: some EventSink) async throws {
        let genesis = settings.startTime == nil ? await storedGenesis() : nil
        var market = try DevnetMarket(configuration: configuration(startingBefore: now(), storedGenesis: genesis))
        try await sink.register(market.tokens)
        if let checkpoint, market.replay(through: checkpoint) {
            logger.info("devnet market resumed after its checkpoint", metadata: ["block": "\(checkpoint.blockNumber)"])
        } else {
            if checkpoint != nil {
                logger.warning("the stored checkpoint is not this devnet chain's (seed or start day changed); starting over from genesis")
            }
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
