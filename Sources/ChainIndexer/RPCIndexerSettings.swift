import Market

/// The `rpc` source's configuration, from the environment names the deployment uses.
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `RPC_URL` | required | primary JSON-RPC endpoint (http/https) |
/// | `RPC_FALLBACK_URLS` | none | comma-separated endpoints tried in turn when one fails |
/// | `FACTORY_ADDRESS` | required | the Uniswap-v3-compatible factory whose `PoolCreated` defines the pools |
/// | `START_BLOCK` | 0 | first block of the first run (the factory's deployment block saves scanning) |
/// | `CONFIRMATIONS` | 5 | only blocks at least this deep under the head are indexed |
/// | `CHAIN_ID` | 8453 | must equal the node's `eth_chainId` |
/// | `RPC_MAX_BLOCK_RANGE` | 2000 | largest `eth_getLogs` range; smaller ones are used when the provider refuses |
/// | `RPC_TIMEOUT_MS` | 10000 | per-request timeout |
/// | `RPC_POLL_INTERVAL_MS` | 2000 | wait between head polls once caught up |
/// | `RPC_BATCH_SIZE` | 50 | requests per JSON-RPC batch (1 disables batching) |
/// | `RPC_ADDRESSES_PER_QUERY` | 500 | pool addresses per `eth_getLogs` filter |
/// | `V2_FACTORY_ADDRESS` | none | a Uniswap-v2-compatible factory indexed beside the v3 one (`PairCreated`, pairs' `Sync`/`Swap`) |
/// | `V2_FEE` | 3000 | the v2 pairs' fee in hundredths of a basis point |
/// | `BOOTSTRAP_MODE` | history | `history` or `storage`: how `BOOTSTRAP_FROM_BLOCK` reads old pools (see `PoolBootstrapper`) |
/// | `INDEXER_MAX_LAG_BLOCKS` | 50 | the backend's `/ready` is 503 while the indexer is further than this behind the confirmed head |
/// | `BOOTSTRAP_FROM_BLOCK` | none | first run only: pools the factory created from this block to `START_BLOCK - 1` are read with `eth_call` at `START_BLOCK - 1` (see `PoolBootstrapper`) |
public struct RPCIndexerSettings: Sendable, Hashable {
    public var rpcURLs: [String]
    public var factory: Address
    public var startBlock: UInt64
    public var confirmations: UInt64
    public var chainId: UInt64
    public var maxBlockRange: UInt64
    public var timeout: Duration
    public var pollInterval: Duration
    public var batchSize: Int
    public var addressesPerQuery: Int
    public var bootstrapFromBlock: UInt64?
    public var v2Factory: Address?
    public var v2Fee: UInt32 = 3000
    public var bootstrapMode: PoolBootstrapper.Mode = .history
    /// Blocks the indexer may be behind the confirmed head while its replica reports ready.
    public var maxReadyLagBlocks: UInt64 = 50

    public init(rpcURLs: [String], factory: Address, startBlock: UInt64 = 0, confirmations: UInt64 = 5, chainId: UInt64 = 8453,
                maxBlockRange: UInt64 = 2000, timeout: Duration = .seconds(10), pollInterval: Duration = .seconds(2),
                batchSize: Int = 50, addressesPerQuery: Int = 500, bootstrapFromBlock: UInt64? = nil) {
        self.rpcURLs = rpcURLs
        self.factory = factory
        self.startBlock = startBlock
        self.confirmations = confirmations
        self.chainId = chainId
        self.maxBlockRange = maxBlockRange
        self.timeout = timeout
        self.pollInterval = pollInterval
        self.batchSize = batchSize
        self.addressesPerQuery = addressesPerQuery
        self.bootstrapFromBlock = bootstrapFromBlock
    }

    public init(environment env: [String: String]) throws(SettingsError) {
        func text(_ name: String) -> String? {
            guard let value = env[name]?.trimmingWhitespace, !value.isEmpty else { return nil }
            return value
        }
        func integer(_ name: String, default value: UInt64, range: ClosedRange<UInt64>) throws(SettingsError) -> UInt64 {
            guard let raw = text(name) else { return value }
            guard let parsed = UInt64(raw), range.contains(parsed) else {
                throw .invalid(name, "expected an integer in \(range.lowerBound)...\(range.upperBound), got \"\(raw.prefix(40))\"")
            }
            return parsed
        }
        func url(_ name: String, _ raw: String) throws(SettingsError) -> String {
            let lower = raw.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), raw.count > 8, !raw.contains(" ") else {
                throw .invalid(name, "expected an http:// or https:// URL, got \"\(JSONRPCClient.redacted(raw))\"")
            }
            return raw
        }
        guard let primary = text("RPC_URL") else { throw .missing("RPC_URL") }
        var urls = [try url("RPC_URL", primary)]
        if let fallbacks = text("RPC_FALLBACK_URLS") {
            for part in fallbacks.split(separator: ",") {
                let trimmed = String(part).trimmingWhitespace
                guard !trimmed.isEmpty else { continue }
                urls.append(try url("RPC_FALLBACK_URLS", trimmed))
            }
        }
        guard let factoryText = text("FACTORY_ADDRESS") else { throw .missing("FACTORY_ADDRESS") }
        guard let factory = Address(factoryText) else { throw .invalid("FACTORY_ADDRESS", "expected 0x and 40 hex digits, got \"\(factoryText.prefix(60))\"") }
        self.init(
            rpcURLs: urls,
            factory: factory,
            startBlock: try integer("START_BLOCK", default: 0, range: 0...UInt64(Int64.max)),
            confirmations: try integer("CONFIRMATIONS", default: 5, range: 0...10_000),
            chainId: try integer("CHAIN_ID", default: 8453, range: 1...UInt64(Int64.max)),
            maxBlockRange: try integer("RPC_MAX_BLOCK_RANGE", default: 2000, range: 1...1_000_000),
            timeout: .milliseconds(Int64(try integer("RPC_TIMEOUT_MS", default: 10_000, range: 1...600_000))),
            pollInterval: .milliseconds(Int64(try integer("RPC_POLL_INTERVAL_MS", default: 2000, range: 0...3_600_000))),
            batchSize: Int(try integer("RPC_BATCH_SIZE", default: 50, range: 1...1000)),
            addressesPerQuery: Int(try integer("RPC_ADDRESSES_PER_QUERY", default: 500, range: 1...10_000))
        )
        if text("BOOTSTRAP_FROM_BLOCK") != nil {
            let first = try integer("BOOTSTRAP_FROM_BLOCK", default: 0, range: 0...UInt64(Int64.max))
            guard first < startBlock else { throw .invalid("BOOTSTRAP_FROM_BLOCK", "must be below START_BLOCK (\(startBlock)), got \(first)") }
            bootstrapFromBlock = first
        }
        if let v2 = text("V2_FACTORY_ADDRESS") {
            guard let parsed = Address(v2) else { throw .invalid("V2_FACTORY_ADDRESS", "expected 0x and 40 hex digits, got \"\(v2.prefix(60))\"") }
            v2Factory = parsed
        }
        v2Fee = UInt32(try integer("V2_FEE", default: 3000, range: 0...999_999))
        maxReadyLagBlocks = try integer("INDEXER_MAX_LAG_BLOCKS", default: 50, range: 0...1_000_000)
        if let mode = text("BOOTSTRAP_MODE") {
            guard let parsed = PoolBootstrapper.Mode(rawValue: mode.lowercased()) else {
                throw .invalid("BOOTSTRAP_MODE", "expected history or storage, got \"\(mode.prefix(40))\"")
            }
            bootstrapMode = parsed
        }
    }

    public enum SettingsError: Error, Sendable, Hashable, CustomStringConvertible {
        case missing(String)
        case invalid(String, String)

        public var description: String {
            switch self {
            case .missing(let name): "\(name) is required when INDEXER=rpc"
            case .invalid(let name, let why): "\(name): \(why)"
            }
        }

        public var variable: String {
            switch self {
            case .missing(let name), .invalid(let name, _): name
            }
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
