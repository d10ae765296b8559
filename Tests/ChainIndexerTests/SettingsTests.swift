import ChainIndexer
import Market
import Testing

@Suite struct SettingsTests {
    @Test func readsTheEnvironmentWithDefaults() throws {
        let settings = try RPCIndexerSettings(environment: [
            "RPC_URL": "https://mainnet.base.org",
            "RPC_FALLBACK_URLS": " https://base.llamarpc.com , https://base-rpc.publicnode.com,",
            "FACTORY_ADDRESS": "0x33128a8fc17869897dce68ed026d694621f6fdfd",
            "START_BLOCK": "1371680",
        ])
        #expect(settings.rpcURLs == ["https://mainnet.base.org", "https://base.llamarpc.com", "https://base-rpc.publicnode.com"])
        // The address as Uniswap's and Base's docs print it, EIP-55 checksummed.
        #expect(settings.factory.checksummed == "0x33128a8fC17869897dcE68Ed026d694621f6FDfD")
        #expect(settings.startBlock == 1_371_680)
        #expect(settings.confirmations == 5 && settings.chainId == 8453 && settings.maxBlockRange == 2000)
        #expect(settings.timeout == .seconds(10) && settings.pollInterval == .seconds(2))
        #expect(settings.maxReadyLagBlocks == 50)

        let custom = try RPCIndexerSettings(environment: [
            "RPC_URL": "http://127.0.0.1:8545", "FACTORY_ADDRESS": "0x33128a8fC17869897dcE68Ed026d694621f6FDfD",
            "CONFIRMATIONS": "12", "CHAIN_ID": "1", "RPC_MAX_BLOCK_RANGE": "500", "RPC_TIMEOUT_MS": "2500", "RPC_POLL_INTERVAL_MS": "0",
            "INDEXER_MAX_LAG_BLOCKS": "0",
        ])
        #expect(custom.confirmations == 12 && custom.chainId == 1 && custom.maxBlockRange == 500)
        #expect(custom.timeout == .milliseconds(2500) && custom.pollInterval == .zero)
        #expect(custom.maxReadyLagBlocks == 0)
    }

    @Test func namesTheBadVariable() {
        let base = ["RPC_URL": "https://mainnet.base.org", "FACTORY_ADDRESS": "0x33128a8fC17869897dcE68Ed026d694621f6FDfD"]
        let cases: [([String: String], String)] = [
            ([:], "RPC_URL"),
            (["RPC_URL": "https://x.org"], "FACTORY_ADDRESS"),
            (base.merging(["RPC_URL": "ftp://x"]) { $1 }, "RPC_URL"),
            (base.merging(["RPC_FALLBACK_URLS": "https://ok.org,nope"]) { $1 }, "RPC_FALLBACK_URLS"),
            (base.merging(["FACTORY_ADDRESS": "0x1234"]) { $1 }, "FACTORY_ADDRESS"),
            (base.merging(["START_BLOCK": "-1"]) { $1 }, "START_BLOCK"),
            (base.merging(["CONFIRMATIONS": "five"]) { $1 }, "CONFIRMATIONS"),
            (base.merging(["CHAIN_ID": "0"]) { $1 }, "CHAIN_ID"),
            (base.merging(["RPC_MAX_BLOCK_RANGE": "0"]) { $1 }, "RPC_MAX_BLOCK_RANGE"),
            (base.merging(["RPC_TIMEOUT_MS": "1e3"]) { $1 }, "RPC_TIMEOUT_MS"),
            (base.merging(["RPC_POLL_INTERVAL_MS": "x"]) { $1 }, "RPC_POLL_INTERVAL_MS"),
            (base.merging(["INDEXER_MAX_LAG_BLOCKS": "-5"]) { $1 }, "INDEXER_MAX_LAG_BLOCKS"),
        ]
        for (env, variable) in cases {
            #expect {
                try RPCIndexerSettings(environment: env)
            } throws: { error in
                (error as? RPCIndexerSettings.SettingsError)?.variable == variable
            }
        }
    }
}
