import Metrics

/// The indexer's progress as swift-metrics instruments: the chain head seen, the last block
/// whose events reached the sink, the lag between them, and the RPC retries.
public struct IndexerMetrics: Sendable {
    public let headBlock: Gauge
    public let indexedBlock: Gauge
    public let lagBlocks: Gauge
    public let eventsIndexed: Counter
    public let rpcRetries: Counter

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        headBlock = Gauge(label: "indexer_head_block", dimensions: [], factory: factory)
        indexedBlock = Gauge(label: "indexer_indexed_block", dimensions: [], factory: factory)
        lagBlocks = Gauge(label: "indexer_lag_blocks", dimensions: [], factory: factory)
        eventsIndexed = Counter(label: "indexer_events_total", dimensions: [], factory: factory)
        rpcRetries = Counter(label: "indexer_rpc_retries_total", dimensions: [], factory: factory)
    }

    func progress(head: UInt64, indexed: UInt64) {
        headBlock.record(Int64(clamping: head))
        indexedBlock.record(Int64(clamping: indexed))
        lagBlocks.record(Int64(clamping: head >= indexed ? head - indexed : 0))
    }
}
