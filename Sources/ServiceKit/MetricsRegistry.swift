import CoreMetrics
import Prometheus

/// What a metric means, for its `# HELP` line, and for histograms the bucket bounds.
public struct MetricDescription: Sendable, Hashable {
    public var name: String
    public var help: String
    /// Upper bounds for a histogram fed by a swift-metrics `Timer`; nil for other kinds.
    public var durationBuckets: [Duration]?

    public init(name: String, help: String, durationBuckets: [Duration]? = nil) {
        self.name = name
        self.help = help
        self.durationBuckets = durationBuckets
    }
}

/// A Prometheus registry owned by the service (not swift-prometheus' process-wide default), and
/// the swift-metrics factory that feeds it. Code records through swift-metrics types created
/// with `factory`; tests make a registry of their own and read `exposition()`, so nothing
/// global needs resetting between them.
public final class MetricsRegistry: Sendable {
    public let prometheus: PrometheusCollectorRegistry
    public let factory: DocumentedPrometheusFactory

    /// `descriptions` name the service's own metrics; the HTTP metrics of ServiceKit's
    /// middleware are always included.
    public init(descriptions: [MetricDescription] = []) {
        prometheus = PrometheusCollectorRegistry()
        factory = DocumentedPrometheusFactory(registry: prometheus, descriptions: HTTPMetrics.descriptions + descriptions)
    }

    /// The Prometheus text exposition format (version 0.0.4).
    public func exposition() -> String {
        prometheus.emitToString()
    }

    /// Makes this registry the process-wide swift-metrics backend, so metrics that libraries
    /// record without an explicit factory land here too. Once per process: only a main calls it.
    public func bootstrapMetricsSystem() {
        MetricsSystem.bootstrap(factory)
    }
}

/// swift-metrics → swift-prometheus, like `PrometheusMetricsFactory`, but giving every metric
/// a `# HELP` line (from its description, or its own name when it has none) because
/// `promtool check metrics` flags metrics without help text.
public struct DocumentedPrometheusFactory: MetricsFactory {
    let registry: PrometheusCollectorRegistry
    let help: [String: String]
    let durationBuckets: [String: [Duration]]

    /// Request-scale latencies: 1 ms … 10 s.
    public static let defaultDurationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]
    static let defaultValueBuckets: [Double] = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]

    init(registry: PrometheusCollectorRegistry, descriptions: [MetricDescription]) {
        self.registry = registry
        var help: [String: String] = [:]
        var buckets: [String: [Duration]] = [:]
        for description in descriptions {
            help[description.name] = description.help
            if let bounds = description.durationBuckets { buckets[description.name] = bounds }
        }
        self.help = help
        self.durationBuckets = buckets
    }

    func descriptor(_ label: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: label, unitName: "", helpText: help[label] ?? label)
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else { return registry.makeGauge(descriptor: descriptor(label), labels: dimensions) }
        return registry.makeValueHistogram(descriptor: descriptor(label), labels: dimensions, buckets: Self.defaultValueBuckets)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        registry.makeDurationHistogram(descriptor: descriptor(label), labels: dimensions,
                                       buckets: durationBuckets[label] ?? Self.defaultDurationBuckets)
    }

    public func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    public func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
        if let histogram = handler as? Prometheus.ValueHistogram { registry.unregisterValueHistogram(histogram) }
    }

    public func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    public func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? Prometheus.DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}
