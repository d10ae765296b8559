/// A pool of the devnet market as planned: identity, how deep it starts and how busy it is.
public struct DevnetPool: Sendable, Hashable {
    public var address: Address
    public var kind: Pool.Kind
    public var token0: Address
    public var token1: Address
    public var fee: UInt32
    public var tickSpacing: Int32?
    /// USD value of the genesis liquidity (a parameter: the live value follows the prices).
    public var genesisTvlUsd: UInt64
    /// Relative share of trader swaps it gets.
    public var activity: Int

    /// Indices into the market's token list.
    var index0: Int
    var index1: Int
    var shape: RangeShape

    /// How wide liquidity providers set their ranges, by what the pair is.
    enum RangeShape: Sendable, Hashable {
        case stable, ethDerivative, major, longTail

        /// Half-widths in ticks (1 tick ≈ 0.01 %) of the narrow, medium and wide ranges.
        var halfWidths: [Int32] {
            switch self {
            case .stable: [2, 10, 50]
            case .ethDerivative: [5, 25, 120]
            case .major: [300, 1500, 5000]
            case .longTail: [2000, 6000, 16000]
            }
        }
    }
}

/// The pools the devnet creates, shaped like Base's busiest: the majors at 0.05 % and 0.30 %,
/// stable pairs at 0.01 %, ETH derivatives at 0.01–0.05 %, the long tail against WETH at
/// 0.30–1 %, and a few constant-product pairs beside them (fee 0.30 %).
enum DevnetPoolPlan {
    enum Kind: Sendable, Hashable {
        case concentrated(fee: UInt32)
        case constantProduct
    }

    struct Spec: Sendable, Hashable {
        var a: String
        var b: String
        var kind: Kind
        var tvlUsd: UInt64
        var activity: Int
        var shape: DevnetPool.RangeShape
    }

    static let tickSpacings: [UInt32: Int32] = [100: 1, 500: 10, 3000: 60, 10000: 200]
    static let constantProductFee: UInt32 = 3000

    static let specs: [Spec] = [
        Spec(a: "WETH", b: "USDC", kind: .concentrated(fee: 500), tvlUsd: 40_000_000, activity: 30, shape: .major),
        Spec(a: "WETH", b: "USDC", kind: .concentrated(fee: 3000), tvlUsd: 12_000_000, activity: 10, shape: .major),
        Spec(a: "WETH", b: "USDC", kind: .constantProduct, tvlUsd: 3_000_000, activity: 4, shape: .major),
        Spec(a: "WETH", b: "USDbC", kind: .concentrated(fee: 500), tvlUsd: 4_000_000, activity: 4, shape: .major),
        Spec(a: "WETH", b: "DAI", kind: .concentrated(fee: 3000), tvlUsd: 2_000_000, activity: 2, shape: .major),
        Spec(a: "USDC", b: "USDbC", kind: .concentrated(fee: 100), tvlUsd: 8_000_000, activity: 5, shape: .stable),
        Spec(a: "USDC", b: "DAI", kind: .concentrated(fee: 100), tvlUsd: 5_000_000, activity: 3, shape: .stable),
        Spec(a: "USDC", b: "USDT", kind: .concentrated(fee: 100), tvlUsd: 6_000_000, activity: 4, shape: .stable),
        Spec(a: "WETH", b: "cbETH", kind: .concentrated(fee: 500), tvlUsd: 10_000_000, activity: 4, shape: .ethDerivative),
        Spec(a: "WETH", b: "cbETH", kind: .concentrated(fee: 100), tvlUsd: 3_000_000, activity: 2, shape: .ethDerivative),
        Spec(a: "WETH", b: "wstETH", kind: .concentrated(fee: 100), tvlUsd: 12_000_000, activity: 4, shape: .ethDerivative),
        Spec(a: "WETH", b: "rETH", kind: .concentrated(fee: 500), tvlUsd: 2_000_000, activity: 1, shape: .ethDerivative),
        Spec(a: "WETH", b: "weETH", kind: .concentrated(fee: 100), tvlUsd: 4_000_000, activity: 2, shape: .ethDerivative),
        Spec(a: "cbBTC", b: "USDC", kind: .concentrated(fee: 500), tvlUsd: 15_000_000, activity: 8, shape: .major),
        Spec(a: "cbBTC", b: "USDC", kind: .concentrated(fee: 3000), tvlUsd: 3_000_000, activity: 2, shape: .major),
        Spec(a: "WETH", b: "cbBTC", kind: .concentrated(fee: 500), tvlUsd: 10_000_000, activity: 5, shape: .major),
        Spec(a: "WETH", b: "cbBTC", kind: .concentrated(fee: 3000), tvlUsd: 2_000_000, activity: 2, shape: .major),
        Spec(a: "AERO", b: "WETH", kind: .concentrated(fee: 3000), tvlUsd: 6_000_000, activity: 5, shape: .longTail),
        Spec(a: "AERO", b: "USDC", kind: .concentrated(fee: 3000), tvlUsd: 3_000_000, activity: 3, shape: .longTail),
        Spec(a: "AERO", b: "WETH", kind: .constantProduct, tvlUsd: 2_000_000, activity: 2, shape: .longTail),
        Spec(a: "VIRTUAL", b: "WETH", kind: .concentrated(fee: 3000), tvlUsd: 4_000_000, activity: 4, shape: .longTail),
        Spec(a: "VIRTUAL", b: "USDC", kind: .concentrated(fee: 10000), tvlUsd: 1_000_000, activity: 2, shape: .longTail),
        Spec(a: "WELL", b: "WETH", kind: .concentrated(fee: 3000), tvlUsd: 1_500_000, activity: 2, shape: .longTail),
        Spec(a: "DEGEN", b: "WETH", kind: .concentrated(fee: 3000), tvlUsd: 2_000_000, activity: 3, shape: .longTail),
        Spec(a: "DEGEN", b: "WETH", kind: .concentrated(fee: 10000), tvlUsd: 1_000_000, activity: 2, shape: .longTail),
        Spec(a: "DEGEN", b: "WETH", kind: .constantProduct, tvlUsd: 500_000, activity: 1, shape: .longTail),
        Spec(a: "BRETT", b: "WETH", kind: .concentrated(fee: 10000), tvlUsd: 3_000_000, activity: 3, shape: .longTail),
        Spec(a: "BRETT", b: "WETH", kind: .constantProduct, tvlUsd: 1_000_000, activity: 1, shape: .longTail),
        Spec(a: "TOSHI", b: "WETH", kind: .concentrated(fee: 10000), tvlUsd: 1_500_000, activity: 2, shape: .longTail),
        Spec(a: "TOSHI", b: "WETH", kind: .constantProduct, tvlUsd: 300_000, activity: 1, shape: .longTail),
    ]

    /// The planned pools over `entries`, token0 < token1, at addresses derived from the seed and
    /// the pool's key the way CREATE2 derives them from a salt.
    static func pools(entries: [BaseTokenList.Entry], seed: UInt64) -> [DevnetPool] {
        var taken = Set<Address>()
        return specs.compactMap { spec in
            guard let a = entries.firstIndex(where: { $0.symbol == spec.a }),
                  let b = entries.firstIndex(where: { $0.symbol == spec.b }) else { return nil }
            let (i0, i1) = entries[a].address < entries[b].address ? (a, b) : (b, a)
            let (kind, fee, spacing): (Pool.Kind, UInt32, Int32?) = switch spec.kind {
            case .concentrated(let fee): (.concentrated, fee, tickSpacings[fee])
            case .constantProduct: (.constantProduct, constantProductFee, nil)
            }
            let address = DevnetIdentity.poolAddress(seed: seed, token0: entries[i0].address, token1: entries[i1].address,
                                                     kind: kind, fee: fee, taken: &taken)
            return DevnetPool(address: address, kind: kind, token0: entries[i0].address, token1: entries[i1].address,
                              fee: fee, tickSpacing: spacing, genesisTvlUsd: spec.tvlUsd, activity: spec.activity,
                              index0: i0, index1: i1, shape: spec.shape)
        }
    }
}
