import Foundation
import HummingbirdTesting
import Market
import Testing
@testable import BackendAPI

@Suite("State feed for routers")
struct StateFeedTests {
    @Test("the snapshot is the market's, byte for byte, behind the bearer token")
    func snapshot() async throws {
        let fixture = try await BackendFixture.make(minutes: 1)
        try await fixture.app(settings: try BackendFixture.settings(["INTERNAL_TOKEN": "s3cret"])).0.test(.router) { client in
            #expect(try await client.get("/internal/v1/state").status == .unauthorized)
            #expect(try await client.get("/internal/v1/state", headers: [.authorization: "Bearer wrong"]).errorCode == "UNAUTHORIZED")
            let response = try await client.get("/internal/v1/state", headers: [.authorization: "Bearer s3cret"])
            #expect(response.status == .ok)
            let decoded = try JSONDecoder().decode(MarketSnapshot.self, from: Data(response.body.readableBytesView))
            #expect(decoded == fixture.hub.view.state.snapshot())
            #expect(decoded.pools.count == fixture.market.pools.count)
        }
    }

    @Test("changes: only pools changed after the sequence; 410 when asked past it; waits for the next event")
    func changes() async throws {
        let fixture = try await BackendFixture.make(minutes: 1)
        let now = fixture.hub.sequence
        try await fixture.app(settings: try BackendFixture.settings()).0.test(.router) { client in
            let idle = try await client.get("/internal/v1/state/changes?after=\(now)&timeout=0")
            #expect(idle.status == .ok)
            #expect(try idle.object["pools"] as? [Any] != nil)
            #expect((try idle.object["pools"] as? [Any])?.isEmpty == true)

            let ahead = try await client.get("/internal/v1/state/changes?after=\(now + 10)")
            #expect(ahead.status == .gone)
            #expect(try await client.get("/internal/v1/state/changes?after=x").status == .badRequest)

            // A poll in flight returns as soon as the next block is applied.
            async let poll = client.get("/internal/v1/state/changes?after=\(now)&timeout=60")
            var market = fixture.market
            var block = market.nextBlock()
            while block.events.isEmpty { block = market.nextBlock() }
            try await fixture.pipeline.ingest(block.events, checkpoint: block.checkpoint)
            let changed = try await poll
            let decoded = try JSONDecoder().decode(MarketSnapshot.self, from: Data(changed.body.readableBytesView))
            #expect(decoded.sequence == fixture.hub.sequence)
            #expect(Set(decoded.pools.map(\.address)) == Set(block.events.map(\.pool)))
        }
    }

    @Test("a long poll in flight returns at once when a graceful shutdown finishes the hub", .timeLimit(.minutes(1)))
    func shutdownEndsPolls() async throws {
        let fixture = try await BackendFixture.make(minutes: 1)
        let now = fixture.hub.sequence
        async let changes = fixture.hub.changes(after: now, timeout: .seconds(600))
        fixture.hub.finish()
        let result = await changes
        #expect(result?.pools.isEmpty == true)
        #expect(result?.sequence == now)
    }
}
