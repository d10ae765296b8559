import Hummingbird
import Market
import ServiceKit

/// `/v1/tokens`, `/v1/pools`, `/v1/swaps`, `/v1/positions`, `/v1/stats`, `/v1/prices`: reads of
/// the hub's current view. Handlers decode, ask the view, encode.
struct MarketRoutes: Sendable {
    let hub: MarketHub
    let responses: CachedResponses

    func add(to router: EndpointTable) {
        router.get("/v1/tokens") { request, _ in try await self.tokens(request) }
        router.get("/v1/tokens/{address}") { request, context in try await self.token(request, context) }
        router.get("/v1/pools") { request, _ in try await self.pools(request) }
        router.get("/v1/pools/{address}") { request, context in try await self.pool(request, context) }
        router.get("/v1/pools/{address}/ticks") { request, context in try await self.ticks(request, context) }
        router.get("/v1/pools/{address}/swaps") { request, context in try await self.poolSwaps(request, context) }
        router.get("/v1/pools/{address}/candles") { request, context in try await self.candles(request, context) }
        router.get("/v1/swaps") { request, _ in try await self.swaps(request) }
        router.get("/v1/positions") { request, _ in try await self.positions(request) }
        router.get("/v1/stats") { request, _ in try await self.stats(request) }
        router.get("/v1/stats/history") { request, _ in try await self.history(request) }
        router.get("/v1/prices") { request, _ in try await self.prices(request) }
    }

    func tokens(_ request: Request) async throws -> Response {
        let view = hub.view
        let query = QueryParameters(request)
        let limit = try query.limit()
        let offset = try Cursor.offset(query)
        let search = query.string("search")?.lowercased()
        return try await responses.json(for: request, sequence: view.sequence) {
            let matching = view.state.tokens.values
                .filter { token in
                    guard let search else { return true }
                    return token.symbol.lowercased().contains(search) || (token.name ?? "").lowercased().contains(search)
                        || token.address.lowercaseHex.contains(search.hasPrefix("0x") ? search : "0x" + search) && search.count >= 3
                }
                .map { TokenPayload($0, view: view) }
                .sorted { ($0.tvlUsd, $1.symbol) > ($1.tvlUsd, $0.symbol) }
            return Self.page(matching, offset: offset, limit: limit)
        }
    }

    func token(_ request: Request, _ context: BackendRequestContext) async throws -> Response {
        let address = try QueryParameters.pathAddress(context)
        let view = hub.view
        guard let token = view.token(address) else {
            throw APIError(status: .notFound, code: "TOKEN_NOT_FOUND", message: "no token at \(address.checksummed)", details: ["address": address.checksummed])
        }
        return try await responses.json(for: request, sequence: view.sequence) { TokenPayload(token, view: view) }
    }

    enum PoolSort: String, CaseIterable { case tvl, volume, fees, apr }
    enum SortOrder: String, CaseIterable { case desc, asc }

    func pools(_ request: Request) async throws -> Response {
        let view = hub.view
        let query = QueryParameters(request)
        let limit = try query.limit()
        let offset = try Cursor.offset(query)
        let sort = try query.choice("sort", default: PoolSort.tvl, allowed: PoolSort.allCases)
        let order = try query.choice("order", default: SortOrder.desc, allowed: SortOrder.allCases)
        let token = try query.address("token")
        return try await responses.json(for: request, sequence: view.sequence) {
            let rows = view.livePools
                .filter { token == nil || $0.token0 == token || $0.token1 == token }
                .compactMap { PoolPayload($0, view: view) }
                .sorted { a, b in
                    let (x, y) = (Self.key(a, sort), Self.key(b, sort))
                    if x != y { return order == .desc ? x > y : x < y }
                    return a.address < b.address
                }
            return Self.page(rows, offset: offset, limit: limit)
        }
    }

    func pool(_ request: Request, _ context: BackendRequestContext) async throws -> Response {
        let (view, record) = try poolRecord(context)
        return try await responses.json(for: request, sequence: view.sequence) { PoolPayload(record, view: view) }
    }

    func ticks(_ request: Request, _ context: BackendRequestContext) async throws -> Response {
        let (view, record) = try poolRecord(context)
        return try await responses.json(for: request, sequence: view.sequence) { TicksPayload(record, view: view) }
    }

    func poolSwaps(_ request: Request, _ context: BackendRequestContext) async throws -> Response {
        let (view, record) = try poolRecord(context)
        let query = QueryParameters(request)
        let limit = try query.limit()
        let before = try Cursor.before(query)
        let swaps = view.activity(record.address)?.swaps(before: before, limit: limit) ?? []
        return try await responses.json(for: request, sequence: view.sequence) { Self.swapPage(swaps, limit: limit) }
    }

    func candles(_ request: Request, _ context: BackendRequestContext) async throws -> Response {
        let (view, record) = try poolRecord(context)
        let query = QueryParameters(request)
        let interval = try query.choice("interval", default: CandleInterval.oneHour, allowed: CandleInterval.allCases)
        let to = try query.integer("to", in: 0...Int64(Int32.max) * 4) ?? max(view.state.timestamp, view.analytics.now)
        let from = try query.integer("from", in: 0...Int64(Int32.max) * 4) ?? (to - interval.seconds * 200)
        guard from <= to else { throw APIError.invalidField("from", "from (\(from)) must not be after to (\(to))") }
        guard (to - from) / interval.seconds <= 5_000 else {
            throw APIError.invalidField("from", "at most 5000 \(interval.rawValue) candles per request; narrow from/to")
        }
        return try await responses.json(for: request, sequence: view.sequence) {
            CandlesPayload(pool: record.address.checksummed, interval: interval.rawValue,
                           candles: (view.activity(record.address)?.candles(interval, from: from, to: to) ?? []).map(CandlePayload.init))
        }
    }

    func swaps(_ request: Request) async throws -> Response {
        let view = hub.view
        let query = QueryParameters(request)
        let limit = try query.limit()
        let before = try Cursor.before(query)
        let swaps: [SwapRecord]
        if let account = try query.address("account") {
            swaps = view.analytics.swaps(account: account, before: before, limit: limit)
        } else if let pool = try query.address("pool") {
            guard view.pool(pool) != nil else { throw Self.poolNotFound(pool) }
            swaps = view.activity(pool)?.swaps(before: before, limit: limit) ?? []
        } else {
            throw APIError.invalidField("account", "give account=<address> or pool=<address>")
        }
        return try await responses.json(for: request, sequence: view.sequence) { Self.swapPage(swaps, limit: limit) }
    }

    func positions(_ request: Request) async throws -> Response {
        let view = hub.view
        let query = QueryParameters(request)
        guard let owner = try query.address("owner") else { throw APIError.invalidField("owner", "owner=<address> is required") }
        let limit = try query.limit()
        let offset = try Cursor.offset(query)
        return try await responses.json(for: request, sequence: view.sequence) {
            let rows = view.state.positions
                .filter { $0.key.owner == owner }
                .sorted { $0.key < $1.key }
                .compactMap { PositionPayload(key: $0.key, liquidity: $0.value, view: view) }
            return Self.page(rows, offset: offset, limit: limit)
        }
    }

    func stats(_ request: Request) async throws -> Response {
        let view = hub.view
        return try await responses.json(for: request, sequence: view.sequence) { StatsPayload(view) }
    }

    func history(_ request: Request) async throws -> Response {
        let view = hub.view
        let days = try QueryParameters(request).integer("days", in: 1...365) ?? 30
        return try await responses.json(for: request, sequence: view.sequence) {
            Page(data: view.analytics.history(days: Int(days)).map(DailyStatsPayload.init), nextCursor: nil)
        }
    }

    func prices(_ request: Request) async throws -> Response {
        let view = hub.view
        return try await responses.json(for: request, sequence: view.sequence) { PricesMessage(view) }
    }

    private func poolRecord(_ context: BackendRequestContext) throws -> (MarketView, PoolRecord) {
        let address = try QueryParameters.pathAddress(context)
        let view = hub.view
        guard let record = view.pool(address), record.state != nil else { throw Self.poolNotFound(address) }
        return (view, record)
    }

    static func poolNotFound(_ address: Address) -> APIError {
        APIError(status: .notFound, code: "POOL_NOT_FOUND", message: "no pool at \(address.checksummed)", details: ["address": address.checksummed])
    }

    static func key(_ pool: PoolPayload, _ sort: PoolSort) -> Double {
        switch sort {
        case .tvl: pool.tvlUsd
        case .volume: pool.volume24hUsd
        case .fees: pool.fees24hUsd
        case .apr: pool.apr
        }
    }

    static func page<T: Encodable & Sendable>(_ rows: [T], offset: Int, limit: Int) -> Page<T> {
        let start = min(offset, rows.count)
        let end = min(rows.count, start + limit)
        return Page(data: Array(rows[start..<end]), nextCursor: end < rows.count ? Cursor.encode(offset: end) : nil)
    }

    static func swapPage(_ swaps: [SwapRecord], limit: Int) -> Page<SwapPayload> {
        Page(data: swaps.map(SwapPayload.init), nextCursor: swaps.count == limit ? swaps.last.map { Cursor.encode(before: $0.sequence) } : nil)
    }
}
