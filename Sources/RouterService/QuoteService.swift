import DEXMath
import Market
import Routing

/// Quotes and simulations against the current graph: the domain calls the HTTP handlers make,
/// with the cache and the metrics around the engine. Any number of requests may call it at
/// once; each works on the graph version current when it started.
public final class QuoteService: Sendable {
    public let state: RouterState
    public let engine: QuoteEngine
    /// Quotes with their encoded bodies, by request and graph version.
    let cache: QuoteResponseCache
    let metrics: RouterMetrics

    public init(state: RouterState, engine: QuoteEngine, cacheSize: Int, metrics: RouterMetrics) {
        self.state = state
        self.engine = engine
        self.cache = QuoteResponseCache(capacity: cacheSize)
        self.metrics = metrics
    }

    /// A quote and how long producing it took (engine time, or the cache lookup on a hit).
    public struct Answer: Sendable {
        public var quote: Quote
        public var computeMicros: Int
        public var cached: Bool
    }

    public func quote(_ request: QuoteRequest) throws(RoutingError) -> Answer {
        let (entry, micros, cached) = try answer(request)
        return Answer(quote: entry.quote, computeMicros: micros, cached: cached)
    }

    /// The answer's body parts (see `EncodedQuote`) and its computeMicros: what the HTTP
    /// handlers write. A cache hit encodes nothing.
    func encodedQuote(_ request: QuoteRequest) throws(RoutingError) -> (body: EncodedQuote, computeMicros: Int) {
        let (entry, micros, _) = try answer(request)
        return (entry.encoded, micros)
    }

    func answer(_ request: QuoteRequest) throws(RoutingError) -> (entry: QuoteResponseCache.Entry, computeMicros: Int, cached: Bool) {
        // The generation before the graph (see RouterState.generation).
        let generation = state.generation
        let graph = try currentGraph()
        try requireToken(request.tokenIn, field: "tokenIn", in: graph)
        try requireToken(request.tokenOut, field: "tokenOut", in: graph)
        let start = ContinuousClock.now
        // The key includes the graph version, so the first pool change makes older entries unreachable.
        let key = QuoteResponseCache.Key(request: request, sequence: graph.sequence, generation: generation)
        if let cached = cache.entry(for: key) {
            metrics.cacheHits.increment()
            return (cached, Self.micros(since: start), true)
        }
        metrics.cacheMisses.increment()
        let quote = try timed { () throws(RoutingError) in try engine.quote(request, graph: graph) }
        let micros = Self.micros(since: start)
        let entry = QuoteResponseCache.Entry(quote: quote, encoded: EncodedQuote(quote))
        cache.store(entry, for: key)
        return (entry, micros, false)
    }

    /// The exact result of swapping along `pools` on the current graph.
    public func simulate(tokenIn: Address, pools: [Address], amount: UInt256, type: TradeType) throws(RoutingError) -> (route: RouteQuote, stateSequence: UInt64, computeMicros: Int) {
        let graph = try currentGraph()
        try requireToken(tokenIn, field: "tokenIn", in: graph)
        for (index, pool) in pools.enumerated() where graph.poolIndex(of: pool) == nil {
            throw .unknownPool(field: "path[\(index)]", address: pool)
        }
        let start = ContinuousClock.now
        let route = try timed { () throws(RoutingError) in
            try engine.simulate(tokenIn: tokenIn, pools: pools, amount: amount, type: type, graph: graph)
        }
        return (route, graph.sequence, Self.micros(since: start))
    }

    func currentGraph() throws(RoutingError) -> PoolGraph {
        guard let graph = state.store.graph else { throw .stateNotReady }
        return graph
    }

    func requireToken(_ token: Address, field: String, in graph: PoolGraph) throws(RoutingError) {
        guard graph.tokenIndex(of: token) != nil else { throw .unknownToken(field: field, address: token) }
    }

    /// Runs one engine call, counting it and timing it whether it succeeds or not.
    func timed<T>(_ body: () throws(RoutingError) -> T) throws(RoutingError) -> T {
        let start = ContinuousClock.now
        defer {
            metrics.calculations.increment()
            metrics.calculationTime.recordNanoseconds(Int64((ContinuousClock.now - start) / .nanoseconds(1)))
        }
        return try body()
    }

    static func micros(since start: ContinuousClock.Instant) -> Int {
        Int((ContinuousClock.now - start) / .microseconds(1))
    }
}
