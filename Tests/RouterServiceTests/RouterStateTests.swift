import Foundation
import Market
import Routing
import ServiceKit
import Testing
@testable import RouterService

@Suite struct RouterStateTests {
    static func state(maxAge: Duration?, offset: Duration = .zero) -> (RouterState, MetricsRegistry) {
        let metrics = MetricsRegistry(descriptions: RouterMetrics.descriptions)
        let state = RouterState(metrics: RouterMetrics(factory: metrics.factory), maxAge: maxAge,
                                wallClock: { WallClockTime(seconds: 1_700_000_000, nanoseconds: 0) },
                                monotonicNow: { ContinuousClock.now + offset })
        return (state, metrics)
    }

    @Test func notReadyUntilAStateIsLoaded() throws {
        let (state, _) = Self.state(maxAge: .seconds(120))
        #expect(state.readiness() == .notReady(code: "STATE_NOT_READY", reason: "no market state loaded yet"))
        state.load(try TestMarket.snapshot())
        #expect(state.readiness() == .ready)
    }

    @Test func aStateNobodyUpdatesNeverGoesStale() throws {
        let (state, _) = Self.state(maxAge: nil, offset: .seconds(86_400 * 365))
        state.load(try TestMarket.snapshot())
        #expect(state.readiness() == .ready)
    }

    @Test func aFollowedStateGoesStaleAfterMaxAge() throws {
        let (state, _) = Self.state(maxAge: .seconds(120), offset: .seconds(121))
        state.load(try TestMarket.snapshot())
        guard case .notReady(let code, let reason) = state.readiness() else { Issue.record("stale state reported ready"); return }
        #expect(code == "STATE_STALE")
        #expect(reason.contains("STATE_MAX_AGE_SECONDS"))
    }

    @Test func loadingAndApplyingPublishTheGraphGauges() throws {
        let (state, metrics) = Self.state(maxAge: nil)
        state.load(try TestMarket.snapshot())
        let text = metrics.exposition()
        #expect(text.contains("\npool_graph_pools 2"))
        #expect(text.contains("\npool_graph_tokens 3"))
        #expect(text.contains("\npool_graph_last_update_timestamp_seconds 1700000000"))
        // A change set without pools only confirms the state: the sequence stays.
        state.apply(MarketSnapshot(chainId: 8453, sequence: 99, tokens: [], pools: []))
        #expect(state.store.graph?.sequence == 7)
    }

    @Test func stateFileErrorsNameTheFileAndTheField() throws {
        do {
            _ = try StateFile.decode(Data(#"{"chainId":8453,"sequence":"x","tokens":[],"pools":[]}"#.utf8), path: "/tmp/s.json")
            Issue.record("accepted a bad snapshot")
        } catch {
            #expect(error.description == "cannot load state file /tmp/s.json: sequence: expected an integer")
        }
        #expect(throws: StateFile.LoadError.self) { try StateFile.load(path: "/nonexistent/state.json") }
        let snapshot = try TestMarket.snapshot()
        #expect(try StateFile.decode(try JSONEncoder().encode(snapshot), path: "memory") == snapshot)
    }

    @Test func settingsComeFromTheEnvironmentWithCommandLineOverrides() throws {
        let settings = try RouterSettings.load(from: EnvironmentVariables([
            "PORT": "9000", "MAX_HOPS": "2", "MAX_SPLITS": "1", "DEFAULT_GAS_PRICE_WEI": "5000000", "QUOTE_CACHE_SIZE": "0",
            "BACKEND_URL": "http://backend:4000/", "STATE_FILE": "/env.json", "INTERNAL_TOKEN": "t",
        ]), stateFile: "/cli.json")
        #expect(settings.server.port == 9000)
        #expect(settings.server.metricsPort == 9091)
        #expect(settings.defaults == QuoteDefaults(maxHops: 2, maxSplits: 1))
        #expect(settings.routing.defaultGasPriceWei == 5_000_000)
        #expect(settings.quoteCacheSize == 0)
        #expect(settings.backendURL == "http://backend:4000")
        #expect(settings.stateFile == "/cli.json")
        #expect(settings.internalToken == "t")
        #expect(settings.stateMaxAge == .seconds(120))

        #expect(throws: ConfigurationError(variable: "MAX_HOPS", expected: "an integer between 1 and 4", got: "9")) {
            try RouterSettings.load(from: EnvironmentVariables(["MAX_HOPS": "9"]))
        }
        #expect(throws: ConfigurationError(variable: "DEFAULT_GAS_PRICE_WEI", expected: "a decimal integer number of wei, at most 1000000000000000000000000",
                                           got: "1000000000000000000000001")) {
            try RouterSettings.load(from: EnvironmentVariables(["DEFAULT_GAS_PRICE_WEI": "1000000000000000000000001"]))
        }
        #expect(throws: ConfigurationError(variable: "--backend-url", expected: "an absolute http:// or https:// URL", got: "backend")) {
            try RouterSettings.load(from: EnvironmentVariables(), backendURL: "backend")
        }
    }
}
