import Foundation
import Hummingbird
import HummingbirdTesting
import Market
import Testing
@testable import BackendAPI

@Suite("Backend REST: market reads")
struct MarketRoutesTests {
    @Test("tokens: listed with USD prices, searchable, paged with an opaque cursor")
    func tokens() async throws {
        let fixture = try await BackendFixture.make()
        try await fixture.app(settings: try BackendFixture.settings()).0.test(.router) { client in
            let all = try await client.get("/v1/tokens?limit=100")
            #expect(all.status == .ok)
            let symbols = try all.data.compactMap { $0["symbol"] as? String }
            #expect(Set(symbols) == Set(BaseTokenList.all.map(\.symbol)))
            let weth = try #require(try all.data.first { $0["symbol"] as? String == "WETH" })
            #expect(weth["address"] as? String == "0x4200000000000000000000000000000000000006")
            #expect((weth["priceUsd"] as? Double ?? 0) > 100)
            let usdc = try #require(try all.data.first { $0["symbol"] as? String == "USDC" })
            #expect(usdc["priceUsd"] as? Double == 1)

            let search = try await client.get("/v1/tokens?search=wrapped%20ether")
            #expect(try search.data.compactMap { $0["symbol"] as? String } == ["WETH"])
            let byAddress = try await client.get("/v1/tokens?search=0x42000000000000")
            #expect(try byAddress.data.compactMap { $0["symbol"] as? String } == ["WETH"])

            let first = try await client.get("/v1/tokens?limit=3")
            let cursor = try #require(try first.object["nextCursor"] as? String)
            let second = try await client.get("/v1/tokens?limit=3&cursor=\(cursor)")
            let firstSymbols = try first.data.compactMap { $0["symbol"] as? String }
            let secondSymbols = try second.data.compactMap { $0["symbol"] as? String }
            #expect(firstSymbols.count == 3 && secondSymbols.count == 3)
            #expect(Set(firstSymbols).isDisjoint(with: secondSymbols))
            #expect(Array(symbols.prefix(6)) == firstSymbols + secondSymbols)
            let last = try await client.get("/v1/tokens?limit=100")
            #expect(try last.object["nextCursor"] is NSNull)
        }
    }

    @Test("one token by address in any case; bad and unknown addresses are named")
    func token() async throws {
        let fixture = try await BackendFixture.make()
        try await fixture.app(settings: try BackendFixture.settings()).0.test(.router) { client in
            let usdc = try await client.get("/v1/tokens/0x833589fcd6edb6e08f4c7c32d4f71b54bda02913")
            #expect(usdc.status == .ok)
            #expect(try usdc.object["address"] as? String == "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913")
            #expect(try usdc.object["decimals"] as? Int == 6)
            let bad = try await client.get("/v1/tokens/0x1234")
            #expect(bad.status == .badRequest)
            #expect(bad.errorCode == "INVALID_ADDRESS")
            let unknown = try await client.get("/v1/tokens/0x00000000000000000000000000000000000000aa")
            #expect(unknown.status == .notFound)
            #expect(unknown.errorCode == "TOKEN_NOT_FOUND")
        }
    }

    @Test("pools: sorted by each key in each order, filtered by token", arguments: ["tvl", "volume", "fees", "apr"])
    func poolsSorted(_ sort: String) async throws {
        let fixture = try await BackendFixture.make()
        try await fixture.app(settings: try BackendFixture.settings()).0.test(.router) { client in
            let key = ["tvl": "tvlUsd", "volume": "volume24hUsd", "fees": "fees24hUsd", "apr": "apr"][sort]!
            let desc = try await client.get("/v1/pools?sort=\(sort)&limit=100").data.compactMap { $0[key] as? Double }
            #expect(desc.count == fixture.market.pools.count)
            #expect(desc == desc.sorted(by: >))
            let asc = try await client.get("/v1/pools?sort=\(sort)&order=asc&limit=100").data.compactMap { $0[key] as? Double }
            #expect(asc == asc.sorted())
            let filtered = try await client.get("/v1/pools?token=\(fixture.usdc)&limit=100").data
            #expect(!filtered.isEmpty)
            for pool in filtered {
                let tokens = [pool["token0"], pool["token1"]].compactMap { ($0 as? [String: Any])?["address"] as? String }
                #expect(tokens.contains(fixture.usdc.checksummed))
            }
        }
    }

    @Test("pool list parameters are checked", arguments: [
        ("sort=size", "sort"), ("order=up", "order"), ("limit=0", "limit"), ("limit=101", "limit"), ("token=0xzz", "token"), ("cursor=abc", "cursor"),
    ])
    func poolParameters(_ query: String, _ field: String) async throws {
        let fixture = try await BackendFixture.make(minutes: 1)
        try await fixture.app(settings: try BackendFixture.settings()).0.test(.router) { client in
            let response = try await client.get("/v1/pools?\(query)")
            #expect(response.status == .badRequest)
            let details = try (response.object["error"] as? [String: Any])?["details"] as? [String: String]
            #expect(details?["field"] == field)
        }
    }

    @Test("a pool's detail, ticks, swaps and candles")
    func poolDetail() async throws {
        let fixture = try await BackendFixture.make()
        let busiest = fixture.hub.view.analytics.pools.max { $0.value.swaps24h < $1.value.swaps24h }!.key
        try await fixture.app(settings: try BackendFixture.settings()).0.test(.router) { client in
            let pool = try await client.get("/v1/pools/\(busiest.lowercaseHex)")
            #expect(pool.status == .ok)
            #expect(try pool.object["address"] as? String == busiest.checksummed)
            #expect(try (pool.object["swaps24h"] as? Int ?? 0) > 0)
            #expect(UInt64(try pool.object["liquidity"] as? String ?? "x") != nil)

            let ticks = try await client.get("/v1/pools/\(busiest)/ticks").object
            let distribution = ticks["distribution"] as? [[String: Any]] ?? []
            #expect(!distribution.isEmpty)
            let tick = ticks["tick"] as? Int ?? 0
            let active = distribution.first { ($0["tickLower"] as? Int ?? 0) <= tick && tick < ($0["tickUpper"] as? Int ?? 0) }
            #expect(active?["liquidity"] as? String == ticks["liquidity"] as? String)

            let swaps = try await client.get("/v1/pools/\(busiest)/swaps?limit=5")
            let sequences = try swaps.data.compactMap { $0["sequence"] as? Int }
            #expect(sequences.count == 5)
            #expect(sequences == sequences.sorted(by: >))
            let next = try await client.get("/v1/pools/\(busiest)/swaps?limit=5&cursor=\(try #require(try swaps.object["nextCursor"] as? String))")
            #expect(try next.data.compactMap { $0["sequence"] as? Int }.allSatisfy { $0 < sequences.last! })

            let candles = try await client.get("/v1/pools/\(busiest)/candles?interval=1m&from=\(BackendFixture.start)&to=\(BackendFixture.start + 600)")
            let rows = try candles.object["candles"] as? [[String: Any]] ?? []
            #expect(!rows.isEmpty)
            let times = rows.compactMap { $0["time"] as? Int }
            #expect(times == times.sorted())
            #expect(times.allSatisfy { $0 % 60 == 0 })
            #expect(rows.allSatisfy { ($0["low"] as? Double ?? 0) <= ($0["high"] as? Double ?? -1) })

            #expect(try await client.get("/v1/pools/\(busiest)/candles?interval=2m").errorCode == "INVALID_PARAMETER")
            #expect(try await client.get("/v1/pools/\(busiest)/candles?from=10&to=5").status == .badRequest)
            let missing = try await client.get("/v1/pools/0x00000000000000000000000000000000000000aa/ticks")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "POOL_NOT_FOUND")
        }
    }

    @Test("swaps by account and by pool; positions by owner")
    func accounts() async throws {
        let fixture = try await BackendFixture.make()
        try await fixture.app(settings: try BackendFixture.settings()).0.test(.router) { client in
            let recipient = fixture.hub.view.analytics.pools.values.flatMap { $0.swaps(before: .max, limit: 1) }.first!.recipient
            let swaps = try await client.get("/v1/swaps?account=\(recipient)&limit=10").data
            #expect(!swaps.isEmpty)
            #expect(swaps.allSatisfy { $0["recipient"] as? String == recipient.checksummed || $0["sender"] as? String == recipient.checksummed })
            #expect(try await client.get("/v1/swaps").status == .badRequest)

            let positions = try await client.get("/v1/positions?owner=\(fixture.someProvider)&limit=100").data
            #expect(!positions.isEmpty)
            #expect(positions.allSatisfy { $0["owner"] as? String == fixture.someProvider.checksummed })
            #expect(positions.allSatisfy { ($0["liquidity"] as? String)?.allSatisfy(\.isNumber) == true })
            #expect(try await client.get("/v1/positions").errorCode == "INVALID_PARAMETER")
        }
    }

    @Test("stats, daily history and prices agree with the market")
    func stats() async throws {
        let fixture = try await BackendFixture.make()
        try await fixture.app(settings: try BackendFixture.settings()).0.test(.router) { client in
            let stats = try await client.get("/v1/stats").object
            #expect(stats["sequence"] as? Int == Int(fixture.hub.sequence))
            #expect(stats["pools"] as? Int == fixture.market.pools.count)
            #expect((stats["tvlUsd"] as? Double ?? 0) > 1_000_000)
            #expect((stats["swaps24h"] as? Int ?? 0) > 0)
            let history = try await client.get("/v1/stats/history?days=3").data
            #expect(history.count == 3)
            #expect(history.last?["date"] as? String == "2025-06-15")
            #expect(try await client.get("/v1/stats/history?days=0").status == .badRequest)
            let prices = try await client.get("/v1/prices").object["prices"] as? [String: Double]
            #expect(prices?["0x4200000000000000000000000000000000000006"] != nil)
        }
    }

    @Test("unknown paths and oversized bodies get the envelope")
    func envelope() async throws {
        let fixture = try await BackendFixture.make(minutes: 1)
        try await fixture.app(settings: try BackendFixture.settings(["MAX_BODY_BYTES": "64"]), routerURL: "http://127.0.0.1:9").0.test(.router) { client in
            let missing = try await client.get("/v1/nothing")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "NOT_FOUND")
            let large = try await client.post("/v1/quote", json: String(repeating: " ", count: 100) + "{}")
            #expect(large.status == .contentTooLarge)
        }
    }
}
