import CoreMetrics
import ServiceKit

/// The router's own metrics (ARCHITECTURE.md's names). The HPA's custom metric
/// `route_calculations_per_second` is the rate of `route_calculations_total`.
public struct RouterMetrics: Sendable {
    public static let calculationsTotal = "route_calculations_total"
    public static let calculationDuration = "route_calculation_duration_seconds"
    public static let cacheHitsTotal = "route_cache_hits_total"
    public static let cacheMissesTotal = "route_cache_misses_total"
    public static let graphPools = "pool_graph_pools"
    public static let graphTokens = "pool_graph_tokens"
    public static let graphLastUpdate = "pool_graph_last_update_timestamp_seconds"

    public static let descriptions: [MetricDescription] = [
        MetricDescription(name: calculationsTotal, help: "Route searches and path simulations run by the engine (cache hits excluded)."),
        MetricDescription(name: calculationDuration, help: "Time the engine spent on one route search or path simulation.",
                          durationBuckets: [.microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
                                            .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                            .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)]),
        MetricDescription(name: cacheHitsTotal, help: "Quotes answered from the quote cache (same request at the same graph sequence)."),
        MetricDescription(name: cacheMissesTotal, help: "Quotes that missed the quote cache and ran the engine."),
        MetricDescription(name: graphPools, help: "Pools in the router's current pool graph."),
        MetricDescription(name: graphTokens, help: "Tokens in the router's current pool graph."),
        MetricDescription(name: graphLastUpdate, help: "Unix time at which the pool graph last changed or was confirmed current by a sync."),
    ]

    let calculations: CoreMetrics.Counter
    let calculationTime: CoreMetrics.Timer
    let cacheHits: CoreMetrics.Counter
    let cacheMisses: CoreMetrics.Counter
    let pools: CoreMetrics.Gauge
    let tokens: CoreMetrics.Gauge
    let lastUpdate: CoreMetrics.Gauge

    public init(factory: any MetricsFactory) {
        calculations = .init(label: Self.calculationsTotal, factory: factory)
        calculationTime = .init(label: Self.calculationDuration, factory: factory)
        cacheHits = .init(label: Self.cacheHitsTotal, factory: factory)
        cacheMisses = .init(label: Self.cacheMissesTotal, factory: factory)
        pools = .init(label: Self.graphPools, factory: factory)
        tokens = .init(label: Self.graphTokens, factory: factory)
        lastUpdate = .init(label: Self.graphLastUpdate, factory: factory)
    }
}
