import DEXMath
import Market

/// Tunables of the route search; defaults suit a production router on Base.
public struct RouterConfiguration: Sendable, Hashable {
    /// Gas price used when a request names none (0.01 gwei: a typical Base L2 price).
    public var defaultGasPriceWei: UInt256
    /// The wrapped native token gas is paid in, used to value gas in other tokens (WETH on Base).
    public var nativeToken: Address
    public var gas: GasModel
    /// Single paths kept per search as split candidates (more cost time for little gain).
    public var candidatePaths: Int
    /// Cap on exact pool simulations per path search, so a pathological graph cannot stall a quote.
    public var maxSimulationsPerSearch: Int

    public init(defaultGasPriceWei: UInt256 = UInt256(10_000_000),
                nativeToken: Address = Address("0x4200000000000000000000000000000000000006")!,
                gas: GasModel = GasModel(), candidatePaths: Int = 8, maxSimulationsPerSearch: Int = 4000) {
        self.defaultGasPriceWei = defaultGasPriceWei
        self.nativeToken = nativeToken
        self.gas = gas
        self.candidatePaths = candidatePaths
        self.maxSimulationsPerSearch = maxSimulationsPerSearch
    }
}

/// Gas a swap costs on chain, in the shape of the Uniswap router's costs: a fixed overhead, a
/// cost per pool, and a cost per initialized tick crossed (each is a storage write).
public struct GasModel: Sendable, Hashable {
    public var base: UInt64
    public var perConcentratedHop: UInt64
    public var perConstantProductHop: UInt64
    public var perTickCrossed: UInt64

    public init(base: UInt64 = 100_000, perConcentratedHop: UInt64 = 80_000, perConstantProductHop: UInt64 = 60_000, perTickCrossed: UInt64 = 31_000) {
        self.base = base
        self.perConcentratedHop = perConcentratedHop
        self.perConstantProductHop = perConstantProductHop
        self.perTickCrossed = perTickCrossed
    }
}
