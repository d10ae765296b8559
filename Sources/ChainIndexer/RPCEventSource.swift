import AsyncHTTPClient
import Logging
import Market

/// The `rpc` event source: polls a JSON-RPC node for a Uniswap-v3-compatible factory's
/// `PoolCreated` logs and its pools' `Initialize`/`Mint`/`Burn`/`Swap` logs, decodes them into
/// `MarketEvent`s and feeds the sink range by range.
///
/// Reorg safety: only blocks at least `confirmations` under the head are fetched, so a reorg
/// shallower than that never touches what the sink received. Each range reaches the sink as
/// one `ingest` whose checkpoint is the range's last block and its hash. Every range also
/// re-reads the hash of the previous checkpoint (in the same batch as the range's headers), and
/// a resumed run checks its checkpoint first: a mismatch means a reorg deeper than the
/// confirmation depth, which stops the source with `ChainIndexerError.reorgBelowConfirmations`
/// (see `DeepReorg` for the recovery).
public struct RPCEventSource: EventSource {
    public let settings: RPCIndexerSettings
    public let rpc: EthereumRPC
    /// Metadata used as is, without `eth_call`: the deployment's token list.
    public let builtinTokens: [Token]
    /// Pools created before the checkpoint, when the caller knows them (its market state); nil
    /// makes a resumed run find them again from the factory's logs since `startBlock`.
    public let knownPools: [Address]?
    public let metrics: IndexerMetrics
    /// The lag behind the confirmed head, for readiness; `.idle` again when `run` returns.
    public let progress: IndexerProgress
    public let logger: Logger
    /// Waits between polls; tests make it return at once.
    public let sleep: @Sendable (Duration) async throws -> Void

    public init(settings: RPCIndexerSettings, client: JSONRPCClient, builtinTokens: [Token] = [], knownPools: [Address]? = nil,
                metrics: IndexerMetrics = IndexerMetrics(), progress: IndexerProgress = IndexerProgress(), logger: Logger = Logger(label: "chain-indexer"),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.settings = settings
        self.rpc = EthereumRPC(client: client)
        self.builtinTokens = builtinTokens
        self.knownPools = knownPools
        self.metrics = metrics
        self.progress = progress
        self.logger = logger
        self.sleep = sleep
    }

    /// The production wiring: keep-alive AsyncHTTPClient transport, backoff with jitter,
    /// `RPC_URL` then `RPC_FALLBACK_URLS`.
    public static func live(settings: RPCIndexerSettings, httpClient: HTTPClient, builtinTokens: [Token] = [], knownPools: [Address]? = nil,
                            metrics: IndexerMetrics = IndexerMetrics(), progress: IndexerProgress = IndexerProgress(),
                            logger: Logger = Logger(label: "chain-indexer")) -> RPCEventSource {
        let client = JSONRPCClient(endpoints: settings.rpcURLs, transport: HTTPClientTransport(client: httpClient), retry: RetryPolicy(),
                                   timeout: settings.timeout, maxBatchSize: settings.batchSize, batching: settings.batchSize > 1,
                                   logger: logger, onRetry: { [retries = metrics.rpcRetries] in retries.increment() })
        return RPCEventSource(settings: settings, client: client, builtinTokens: builtinTokens, knownPools: knownPools,
                              metrics: metrics, progress: progress, logger: logger)
    }

    public func run(resumingAfter checkpoint: IndexerCheckpoint?, into sink: some EventSink) async throws {
        progress.started()
        defer { progress.stopped() }
        let chainId = try await rpc.chainId()
        guard chainId == settings.chainId else { throw ChainIndexerError.wrongChain(expected: settings.chainId, got: chainId) }
        var history = BlockHashHistory()
        var pools = Set(knownPools ?? [])
        if let checkpoint {
            history.record(checkpoint)
            let current = try await rpc.blocks([checkpoint.blockNumber])[0]
            guard current?.hash == checkpoint.blockHash else {
                throw try await deepReorg(checkpoint, chainHash: current?.hash, history: history)
            }
            if knownPools == nil, checkpoint.blockNumber >= settings.bootstrapFromBlock ?? settings.startBlock {
                pools = try await discoverPools(through: checkpoint.blockNumber)
            }
            logger.info("resuming after checkpoint", metadata: ["block": "\(checkpoint.blockNumber)", "hash": "\(checkpoint.blockHash)", "pools": "\(pools.count)"])
        } else {
            logger.info("indexing from START_BLOCK", metadata: ["block": "\(settings.startBlock)", "factory": "\(settings.factory)"])
        }

        var cursor = checkpoint
        var next = checkpoint.map { $0.blockNumber + 1 } ?? settings.startBlock
        var registered = Set<Address>()
        if checkpoint == nil, let first = settings.bootstrapFromBlock, let booted = try await bootstrap(from: first, into: sink) {
            cursor = booted.checkpoint
            history.record(booted.checkpoint)
            pools.formUnion(booted.created.map(\.pool))
            registered.formUnion(booted.created.flatMap { [$0.token0, $0.token1] })
        }
        var planner = LogRangePlanner(maxSpan: settings.maxBlockRange)
        var rate = EventRate()
        while true {
            try Task.checkCancellation()
            let head: UInt64
            do {
                head = try await rpc.blockNumber()
            } catch let error as RPCError {
                guard case .unavailable = error else { throw error }
                logger.error("RPC unavailable; retrying at the next poll", metadata: ["error": "\(error)"])
                try await sleep(settings.pollInterval)
                continue
            }
            metrics.headBlock.record(Int64(clamping: head))
            progress.reached(next: next, head: head, confirmations: settings.confirmations)
            guard head >= settings.confirmations, head - settings.confirmations >= next else {
                metrics.progress(head: head, indexed: cursor?.blockNumber ?? 0)
                try await sleep(settings.pollInterval)
                continue
            }
            let range = planner.range(from: next, limit: head - settings.confirmations)
            let fetched: FetchedRange
            do {
                fetched = try await fetch(range, pools: pools, previous: cursor, history: history)
            } catch let error as RPCError where error.isRangeTooLarge {
                guard planner.refused() else { throw ChainIndexerError.rangeRefused(block: range.lowerBound, error) }
                logger.info("provider refused the log range; halving it", metadata: [
                    "from": "\(range.lowerBound)", "to": "\(range.upperBound)", "nextSpan": "\(planner.span)", "error": "\(error)"])
                continue
            } catch let error as ChainIndexerError where error.isTransient {
                logger.warning("range fetch inconsistent; fetching it again", metadata: ["error": "\(error)"])
                try await sleep(settings.pollInterval)
                continue
            } catch let error as RPCError {
                guard case .unavailable = error else { throw error }
                logger.error("RPC unavailable; retrying at the next poll", metadata: ["error": "\(error)"])
                try await sleep(settings.pollInterval)
                continue
            }
            planner.answered(logCount: fetched.events.count)

            let newTokens = fetched.newPools.flatMap { [$0.token0, $0.token1] }.filter { registered.insert($0).inserted }
            if !newTokens.isEmpty {
                try await sink.register(try await TokenMetadataReader(rpc: rpc, builtin: builtinTokens, logger: logger)
                    .tokens(newTokens, atBlock: range.upperBound))
            }
            try await sink.ingest(fetched.events, checkpoint: fetched.checkpoint)

            pools.formUnion(fetched.newPools.map(\.pool))
            for header in fetched.headers { history.record(header) }
            cursor = fetched.checkpoint
            next = range.upperBound + 1
            metrics.eventsIndexed.increment(by: Int64(fetched.events.count))
            metrics.progress(head: head, indexed: range.upperBound)
            progress.reached(next: next, head: head, confirmations: settings.confirmations)
            if let perSecond = rate.add(fetched.events.count, caughtUp: next > head - settings.confirmations) {
                logger.info("indexed", metadata: [
                    "indexedBlock": "\(range.upperBound)", "headBlock": "\(head)", "lagBlocks": "\(head - range.upperBound)",
                    "events": "\(fetched.events.count)", "eventsPerSecond": "\(perSecond)", "pools": "\(pools.count)", "span": "\(planner.span)"])
            }
        }
    }

    /// Of `candidates` (indexed blocks, e.g. the contexts of stored events), the newest one the
    /// chain still has, with the same hash.
    public func commonAncestor(among candidates: [IndexerCheckpoint]) async throws -> IndexerCheckpoint? {
        let newestFirst = Dictionary(candidates.map { ($0.blockNumber, $0) }, uniquingKeysWith: { first, _ in first })
            .values.sorted { $0.blockNumber > $1.blockNumber }
        var start = 0
        while start < newestFirst.count {
            let chunk = Array(newestFirst[start..<min(start + 200, newestFirst.count)])
            let headers = try await rpc.blocks(chunk.map(\.blockNumber))
            if let match = zip(chunk, headers).first(where: { $0.1?.hash == $0.0.blockHash }) { return match.0 }
            start += chunk.count
        }
        return nil
    }

    struct FetchedRange: Sendable {
        var events: [MarketEvent]
        var newPools: [MarketEvent.PoolCreated]
        var checkpoint: IndexerCheckpoint
        var headers: [IndexerCheckpoint]
    }

    /// Everything of `range`, checked, or an error and nothing.
    func fetch(_ range: ClosedRange<UInt64>, pools: Set<Address>, previous: IndexerCheckpoint?, history: BlockHashHistory) async throws -> FetchedRange {
        let factoryLogs = try await rpc.logs(addresses: factories, topics: creationTopics, from: range.lowerBound, to: range.upperBound)
        var logs: [EthLog] = []
        var newPools: [MarketEvent.PoolCreated] = []
        for log in try accepted(factoryLogs, from: Set(factories)) {
            guard case .poolCreated(let created) = try payload(log) else { continue }
            newPools.append(created)
            logs.append(log)
        }
        let watched = pools.union(newPools.map(\.pool)).sorted()
        let chunks = stride(from: 0, to: watched.count, by: settings.addressesPerQuery).map {
            Array(watched[$0..<min($0 + settings.addressesPerQuery, watched.count)])
        }
        if !chunks.isEmpty {
            let answers = try await rpc.logsBatch(chunks.map { (addresses: $0, topics: poolTopics) }, from: range.lowerBound, to: range.upperBound)
            for answer in answers { logs += try accepted(try answer.get(), from: Set(watched)) }
        }
        logs.sort { ($0.blockNumber, $0.logIndex) < ($1.blockNumber, $1.logIndex) }
        for (a, b) in zip(logs, logs.dropFirst()) where a.blockNumber == b.blockNumber && a.logIndex == b.logIndex {
            throw ChainIndexerError.duplicateLog(block: a.blockNumber, logIndex: a.logIndex)
        }

        var numbers = Set(logs.map(\.blockNumber))
        numbers.insert(range.upperBound)
        if let previous { numbers.insert(previous.blockNumber) }
        let sorted = numbers.sorted()
        var headers: [UInt64: EthBlockHeader] = [:]
        for (number, header) in zip(sorted, try await rpc.blocks(sorted)) {
            guard let header else { throw ChainIndexerError.blockUnavailable(number) }
            headers[number] = header
        }
        if let previous, headers[previous.blockNumber]!.hash != previous.blockHash {
            throw try await deepReorg(previous, chainHash: headers[previous.blockNumber]!.hash, history: history)
        }
        var events: [MarketEvent] = []
        events.reserveCapacity(logs.count)
        for log in logs {
            let header = headers[log.blockNumber]!
            guard header.hash == log.blockHash else {
                throw ChainIndexerError.inconsistentView(block: log.blockNumber, logBlockHash: log.blockHash, headerHash: header.hash)
            }
            let context = EventContext(chainId: settings.chainId, blockNumber: log.blockNumber, blockHash: log.blockHash,
                                       txHash: log.transactionHash, logIndex: log.logIndex, timestamp: header.timestamp)
            events.append(MarketEvent(context: context, payload: try payload(log)))
        }
        let end = headers[range.upperBound]!
        let seen = headers.values.filter { range.contains($0.number) }.sorted { $0.number < $1.number }
        return FetchedRange(events: events, newPools: newPools, checkpoint: IndexerCheckpoint(blockNumber: end.number, blockHash: end.hash),
                            headers: seen.map { IndexerCheckpoint(blockNumber: $0.number, blockHash: $0.hash) })
    }

    /// The logs a filter over `addresses` may return: removed logs dropped, strangers refused.
    private func accepted(_ logs: [EthLog], from addresses: Set<Address>) throws -> [EthLog] {
        try logs.filter { log in
            guard addresses.contains(log.address) else {
                throw ChainIndexerError.unexpectedLog(address: log.address, block: log.blockNumber, logIndex: log.logIndex)
            }
            if log.removed {
                logger.warning("provider returned a removed log; ignoring it", metadata: ["block": "\(log.blockNumber)", "logIndex": "\(log.logIndex)"])
            }
            return !log.removed
        }
    }

    /// The v3 factory, and the v2 one when configured.
    private var factories: [Address] { [settings.factory] + (settings.v2Factory.map { [$0] } ?? []) }
    private var creationTopics: [Hash32] { [UniswapV3ABI.poolCreatedTopic] + (settings.v2Factory == nil ? [] : [UniswapV2ABI.pairCreatedTopic]) }
    private var poolTopics: [Hash32] { UniswapV3ABI.poolTopics + (settings.v2Factory == nil ? [] : UniswapV2ABI.pairTopics) }

    /// Decodes by topic0 with the v3 or v2 layout; a creation event counts only from its own factory.
    private func payload(_ log: EthLog) throws -> MarketEvent.Payload {
        let topic0 = log.topics.first
        let isV2 = settings.v2Factory != nil && topic0.map { [UniswapV2ABI.pairCreatedTopic, UniswapV2ABI.syncTopic, UniswapV2ABI.swapTopic].contains($0) } ?? false
        let creator: Address? = switch topic0 {
        case UniswapV3ABI.poolCreatedTopic: settings.factory
        case UniswapV2ABI.pairCreatedTopic where isV2: settings.v2Factory
        default: nil
        }
        if let creator, creator != log.address {
            throw ChainIndexerError.unexpectedLog(address: log.address, block: log.blockNumber, logIndex: log.logIndex)
        }
        do {
            return isV2 ? try UniswapV2LogDecoder.decode(log, fee: settings.v2Fee) : try UniswapV3LogDecoder.decode(log)
        } catch {
            throw ChainIndexerError.malformedLog(block: log.blockNumber, logIndex: log.logIndex, transaction: log.transactionHash, error)
        }
    }

    /// The pools the factory created up to `block` (from the bootstrap block if any), for a resumed run.
    private func discoverPools(through block: UInt64) async throws -> Set<Address> {
        var pools = Set<Address>()
        for log in try await factoryLogs(from: settings.bootstrapFromBlock ?? settings.startBlock, through: block) {
            if case .poolCreated(let created) = try payload(log) { pools.insert(created.pool) }
        }
        return pools
    }

    /// The factory's `PoolCreated` logs in `[from, through]`, in adaptive ranges.
    private func factoryLogs(from: UInt64, through block: UInt64) async throws -> [EthLog] {
        try await scanLogs(addresses: factories, topics: creationTopics, from: from, through: block)
    }

    /// Logs of `addresses` with one of `topics` in `[from, through]`, in adaptive ranges, sorted.
    private func scanLogs(addresses: [Address], topics: [Hash32], from: UInt64, through block: UInt64) async throws -> [EthLog] {
        guard !addresses.isEmpty else { return [] }
        let sorted = addresses.sorted()
        let chunks = stride(from: 0, to: sorted.count, by: settings.addressesPerQuery).map {
            Array(sorted[$0..<min($0 + settings.addressesPerQuery, sorted.count)])
        }
        var found: [EthLog] = []
        var planner = LogRangePlanner(maxSpan: settings.maxBlockRange)
        var next = from
        while next <= block {
            let range = planner.range(from: next, limit: block)
            do {
                var logs: [EthLog] = []
                for answer in try await rpc.logsBatch(chunks.map { (addresses: $0, topics: topics) }, from: range.lowerBound, to: range.upperBound) {
                    logs += try accepted(try answer.get(), from: Set(sorted))
                }
                found += logs
                planner.answered(logCount: logs.count)
                next = range.upperBound + 1
            } catch let error as RPCError where error.isRangeTooLarge {
                guard planner.refused() else { throw ChainIndexerError.rangeRefused(block: range.lowerBound, error) }
            }
        }
        return found.sorted { ($0.blockNumber, $0.logIndex) < ($1.blockNumber, $1.logIndex) }
    }

    /// First run with `bootstrapFromBlock`: the pools created before `startBlock`, as they stand
    /// at `startBlock - 1`, handed to the sink as one batch checkpointed at that block.
    private func bootstrap(from first: UInt64, into sink: some EventSink) async throws -> (checkpoint: IndexerCheckpoint, created: [MarketEvent.PoolCreated])? {
        guard settings.startBlock > first else { return nil }
        let at = settings.startBlock - 1
        let factory = try await factoryLogs(from: first, through: at)
        var created: [MarketEvent.PoolCreated] = []
        for log in factory {
            if case .poolCreated(let pool) = try payload(log) { created.append(pool) }
        }
        let history = settings.bootstrapMode == .history
            ? try await scanLogs(addresses: created.filter { $0.kind == .concentrated }.map(\.pool),
                                 topics: [UniswapV3ABI.initializeTopic, UniswapV3ABI.mintTopic, UniswapV3ABI.burnTopic],
                                 from: first, through: at)
            : []
        let logs = (factory + history).sorted { ($0.blockNumber, $0.logIndex) < ($1.blockNumber, $1.logIndex) }
        let numbers = Array(Set(logs.map(\.blockNumber) + [at])).sorted()
        var headers: [UInt64: EthBlockHeader] = [:]
        for (number, header) in zip(numbers, try await rpc.blocks(numbers)) {
            guard let header else { throw ChainIndexerError.blockUnavailable(number) }
            headers[number] = header
        }
        var logEvents: [MarketEvent] = []
        for log in logs {
            guard headers[log.blockNumber]!.hash == log.blockHash else {
                throw ChainIndexerError.inconsistentView(block: log.blockNumber, logBlockHash: log.blockHash, headerHash: headers[log.blockNumber]!.hash)
            }
            let context = EventContext(chainId: settings.chainId, blockNumber: log.blockNumber, blockHash: log.blockHash,
                                       txHash: log.transactionHash, logIndex: log.logIndex, timestamp: headers[log.blockNumber]!.timestamp)
            logEvents.append(MarketEvent(context: context, payload: try payload(log)))
        }
        let tokens = Array(Set(created.flatMap { [$0.token0, $0.token1] })).sorted()
        if !tokens.isEmpty {
            try await sink.register(try await TokenMetadataReader(rpc: rpc, builtin: builtinTokens, logger: logger).tokens(tokens, atBlock: at))
        }
        let state = headers[at]!
        let bootstrapper = PoolBootstrapper(rpc: rpc, chainId: settings.chainId, logger: logger)
        let poolEvents = switch settings.bootstrapMode {
        case .history: logEvents + (try await bootstrapper.priceEvents(for: created.filter { $0.kind == .concentrated }.map(\.pool), at: state))
        case .storage: try await bootstrapper.events(for: logEvents, at: state)
        }
        let events = poolEvents + (try await bootstrapper.reserveEvents(for: created.filter { $0.kind == .constantProduct }.map(\.pool), at: state))
        let checkpoint = IndexerCheckpoint(blockNumber: at, blockHash: state.hash)
        try await sink.ingest(events, checkpoint: checkpoint)
        logger.info("bootstrapped pools created before START_BLOCK", metadata: ["pools": "\(created.count)", "events": "\(events.count)", "atBlock": "\(at)"])
        return (checkpoint, created)
    }

    /// Logs the reorg loudly and builds the error that stops the source.
    private func deepReorg(_ checkpoint: IndexerCheckpoint, chainHash: Hash32?, history: BlockHashHistory) async throws -> ChainIndexerError {
        let ancestor = try await commonAncestor(among: history.entries.filter { $0.blockNumber < checkpoint.blockNumber })
        let reorg = DeepReorg(checkpoint: checkpoint, chainHash: chainHash, commonAncestor: ancestor,
                              reindexFrom: ancestor.map { $0.blockNumber + 1 } ?? settings.startBlock)
        logger.critical("\(reorg.description)", metadata: [
            "checkpointBlock": "\(checkpoint.blockNumber)", "reindexFrom": "\(reorg.reindexFrom)",
            "commonAncestor": "\(ancestor.map { "\($0.blockNumber)" } ?? "unknown")", "confirmations": "\(settings.confirmations)"])
        return .reorgBelowConfirmations(reorg)
    }
}

/// Events per second between progress lines, and when a line is due (every 10 s while
/// catching up, and whenever a range with events lands once caught up).
struct EventRate {
    private var since = ContinuousClock.now
    private var events = 0

    mutating func add(_ count: Int, caughtUp: Bool) -> Int? {
        events += count
        let elapsed = ContinuousClock.now - since
        guard elapsed >= .seconds(10) || (caughtUp && count > 0) else { return nil }
        let seconds = max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 0.001)
        defer {
            since = ContinuousClock.now
            events = 0
        }
        return Int((Double(events) / seconds).rounded())
    }
}
