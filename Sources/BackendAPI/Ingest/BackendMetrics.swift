import ServiceKit

/// The backend's metric names (ARCHITECTURE.md) and their HELP text.
public enum BackendMetrics {
    public static let eventsApplied = "events_applied_total"
    public static let eventsRejected = "events_rejected_total"
    public static let indexerHeadBlock = "indexer_head_block"
    public static let indexerIndexedBlock = "indexer_indexed_block"
    public static let marketSequence = "market_sequence"
    public static let quoteProxyDuration = "quote_proxy_duration_seconds"
    public static let responseCacheHits = "response_cache_hits_total"
    public static let responseCacheMisses = "response_cache_misses_total"
    public static let rateLimited = "rate_limited_requests_total"
    public static let storeCommitDuration = "store_commit_duration_seconds"

    public static let descriptions: [MetricDescription] = [
        MetricDescription(name: eventsApplied, help: "Market events applied to the state, in sequence order."),
        MetricDescription(name: eventsRejected, help: "Events an event source produced that could not be applied (logged)."),
        MetricDescription(name: indexerHeadBlock, help: "The chain's newest block as the event source last saw it."),
        MetricDescription(name: indexerIndexedBlock, help: "The newest block whose events are all applied and stored."),
        MetricDescription(name: "indexer_lag_blocks", help: "Blocks between the chain head and the indexed block (rpc source)."),
        MetricDescription(name: "indexer_events_total", help: "Events the rpc source decoded from logs."),
        MetricDescription(name: "indexer_rpc_retries_total", help: "JSON-RPC requests retried after a timeout, 429 or 5xx."),
        MetricDescription(name: marketSequence, help: "The market state sequence this replica serves."),
        MetricDescription(name: quoteProxyDuration, help: "Time to answer a quote through the router, cache misses only.", durationBuckets: DocumentedPrometheusFactory.defaultDurationBuckets),
        MetricDescription(name: responseCacheHits, help: "Responses served from the response cache."),
        MetricDescription(name: responseCacheMisses, help: "Cacheable responses that had to be computed."),
        MetricDescription(name: rateLimited, help: "Requests refused with 429 by the rate limiter."),
        MetricDescription(name: storeCommitDuration, help: "Time to commit one ingest batch to the store.", durationBuckets: DocumentedPrometheusFactory.defaultDurationBuckets),
    ]
}
