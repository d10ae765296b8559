import CoreMetrics
import Hummingbird
import Synchronization

/// Names and help of the HTTP metrics every service exposes.
public enum HTTPMetrics {
    public static let requestsTotal = "http_requests_total"
    public static let requestDuration = "http_request_duration_seconds"

    static let descriptions = [
        MetricDescription(name: requestsTotal, help: "HTTP requests answered, by method, matched route pattern and status code."),
        MetricDescription(name: requestDuration, help: "Time from receiving an HTTP request to producing its response, by method and matched route pattern.",
                          durationBuckets: DocumentedPrometheusFactory.defaultDurationBuckets),
    ]
}

/// Counts requests as `http_requests_total{method,route,status}` and times them in
/// `http_request_duration_seconds{method,route}`. `route` is the matched route pattern (e.g.
/// `/v1/pools/{address}`), never the raw path, so a scan of random URLs cannot blow up the
/// series count: everything unmatched shares the route "unmatched".
///
/// Put it first (outermost): it then sees the status the error middleware produced.
public struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let factory: any MetricsFactory
    let cache = MetricCache()

    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let status: HTTPResponse.Status
        let response: Response
        do {
            response = try await next(request, context)
            status = response.status
        } catch {
            // Errors that escaped the envelope middleware (if it is not installed) still count.
            status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            record(request: request, context: context, status: status, since: start)
            throw error
        }
        record(request: request, context: context, status: status, since: start)
        return response
    }

    func record(request: Request, context: Context, status: HTTPResponse.Status, since start: ContinuousClock.Instant) {
        let route = Self.routeLabel(context.endpointPath)
        let method = request.method.rawValue
        let (counter, timer) = cache.metrics(method: method, route: route, status: status.code, factory: factory)
        counter.increment()
        timer.recordNanoseconds(Int64((ContinuousClock.now - start) / .nanoseconds(1)))
    }

    /// Hummingbird leaves the endpoint path nil, or "NotFound", when no route matched.
    static func routeLabel(_ endpointPath: String?) -> String {
        guard let path = endpointPath, path != "NotFound" else { return "unmatched" }
        return path
    }
}

/// Metric objects by label set: creating them per request would take the registry's lock and
/// allocate each time.
final class MetricCache: Sendable {
    struct Key: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private let counters = Mutex<[Key: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[String: CoreMetrics.Timer]>([:])

    func metrics(method: String, route: String, status: Int, factory: any MetricsFactory) -> (CoreMetrics.Counter, CoreMetrics.Timer) {
        let key = Key(method: method, route: route, status: status)
        let counter = counters.withLock { cache in
            if let existing = cache[key] { return existing }
            let made = CoreMetrics.Counter(label: HTTPMetrics.requestsTotal,
                                           dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory)
            cache[key] = made
            return made
        }
        let timerKey = method + " " + route
        let timer = timers.withLock { cache in
            if let existing = cache[timerKey] { return existing }
            let made = CoreMetrics.Timer(label: HTTPMetrics.requestDuration, dimensions: [("method", method), ("route", route)], factory: factory)
            cache[timerKey] = made
            return made
        }
        return (counter, timer)
    }
}
