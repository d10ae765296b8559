// The deterministic route-quote workload shared by RoutingBenchmarks, route-compare and the
// load-test helper (routing-market): which markets, which requests, which configurations.
// Everything here runs before anything is measured.

import DEXMath
import Market

/// A synthetic market as the router benchmarks use it: `pools` pools over `pools / 4` tokens
/// (at least 8), seed 1, so the 1,000-pool market is `basebook-router market --pools 1000
/// --tokens 250 --seed 1`.
public enum WorkloadMarket {
    public static let seed: UInt64 = 1
    public static let sizes = [100, 1_000, 10_000]

    public static func tokenCount(pools: Int) -> Int { max(8, pools / 4) }

    public static func snapshot(pools: Int) throws -> MarketSnapshot {
        try SyntheticMarket.generate(pools: pools, tokens: tokenCount(pools: pools), seed: seed)
    }
}

/// What kind of token pair a request trades.
public enum PairClass: String, Sendable, CaseIterable {
    case hubHub = "hub-hub"
    case hubTail = "hub-tail"
    case tailTail = "tail-tail"
}

/// How large the specified amount is against the deepest pool of the specified token.
public enum AmountClass: String, Sendable, CaseIterable {
    /// 1/10,000 of the deepest pool's in-range (virtual) reserve of the specified token.
    case small
    /// 1/100 of it.
    case medium
    /// 1/10 of it: crosses ticks and usually gains from splitting.
    case large

    var divisor: UInt64 {
        switch self {
        case .small: 10_000
        case .medium: 100
        case .large: 10
        }
    }
}

/// One request of the workload, independent of the engine's types (the baseline takes the same).
public struct WorkloadRequest: Sendable, Hashable, CustomStringConvertible {
    public var tokenIn: Address
    public var tokenOut: Address
    public var symbolIn: String
    public var symbolOut: String
    public var amount: UInt256
    public var exactIn: Bool
    public var pair: PairClass
    public var size: AmountClass

    public var typeName: String { exactIn ? "exactIn" : "exactOut" }

    public var description: String {
        "\(typeName) \(amount.decimalString) \(exactIn ? symbolIn : symbolOut) \(symbolIn)→\(symbolOut) [\(pair.rawValue), \(size.rawValue)] tokenIn=\(tokenIn.checksummed) tokenOut=\(tokenOut.checksummed)"
    }

    /// The router's `POST /v1/quote` body for this request.
    public func jsonBody(maxHops: Int, maxSplits: Int) -> String {
        #"{"tokenIn":"\#(tokenIn.checksummed)","tokenOut":"\#(tokenOut.checksummed)","amount":"\#(amount.decimalString)","type":"\#(typeName)","maxHops":\#(maxHops),"maxSplits":\#(maxSplits)}"#
    }
}

/// The fixed request set of a market: 6 token pairs (2 hub↔hub, 2 hub↔tail, 2 tail↔tail; one of
/// each with a direct pool, one usually without) × 3 amount sizes, for one trade type. Exact
/// output requests swap the direction of every other pair, so both directions occur.
public enum WorkloadRequests {
    public static func make(_ snapshot: MarketSnapshot, exactIn: Bool) -> [WorkloadRequest] {
        let tokens = snapshot.tokens
        let hubCount = min(5, tokens.count)
        var poolsOf: [Address: [MarketPool]] = [:]
        var pairs = Set<[Address]>()
        for pool in snapshot.pools {
            poolsOf[pool.token0, default: []].append(pool)
            poolsOf[pool.token1, default: []].append(pool)
            pairs.insert([pool.token0, pool.token1])
        }
        func connected(_ a: Address, _ b: Address) -> Bool { pairs.contains(a < b ? [a, b] : [b, a]) }
        let hubs = Array(tokens.prefix(hubCount).map(\.address))
        let tail = tokens.dropFirst(hubCount).map(\.address).filter { poolsOf[$0] != nil }
        var rng = WorkloadRandom(seed: 0xB0B0 ^ UInt64(snapshot.pools.count))

        var chosen: [(Address, Address, PairClass)] = []
        // Hub ↔ hub: the main pair (direct, deep) and DAI/cbETH (usually through WETH or USDC).
        if hubs.count >= 2 { chosen.append((hubs[0], hubs[1], .hubHub)) }
        if hubs.count >= 5 { chosen.append((hubs[3], hubs[4], .hubHub)) }
        if !tail.isEmpty {
            // Hub ↔ tail: a popular tail token with its own hub pool; then a tail token and a
            // hub it has no pool with.
            let a = tail[rng.below(min(tail.count, 10))]
            let hubA = hubs.first { connected($0, a) } ?? hubs[0]
            chosen.append((hubA, a, .hubTail))
            for _ in 0..<64 {
                let b = tail[rng.below(tail.count)]
                if let hub = hubs.first(where: { !connected($0, b) }) {
                    chosen.append((b, hub, .hubTail))
                    break
                }
            }
        }
        if tail.count >= 2 {
            // Tail ↔ tail: a pair with a direct pool (if any), then two tail tokens without one.
            let direct = snapshot.pools.filter { !hubs.contains($0.token0) && !hubs.contains($0.token1) }
            if !direct.isEmpty {
                let pool = direct[rng.below(min(direct.count, 50))]
                chosen.append((pool.token0, pool.token1, .tailTail))
            }
            for _ in 0..<64 {
                let a = tail[rng.below(tail.count)], b = tail[rng.below(tail.count)]
                if a != b && !connected(a, b) {
                    chosen.append((a, b, .tailTail))
                    break
                }
            }
        }

        let symbols = Dictionary(tokens.map { ($0.address, $0.symbol) }, uniquingKeysWith: { a, _ in a })
        var requests: [WorkloadRequest] = []
        for (index, (x, y, pairClass)) in chosen.enumerated() {
            let (tokenIn, tokenOut) = !exactIn && index % 2 == 1 ? (y, x) : (x, y)
            let specified = exactIn ? tokenIn : tokenOut
            let depth = (poolsOf[specified] ?? []).map { virtualReserve(of: specified, in: $0) }.max() ?? .zero
            for size in AmountClass.allCases {
                let amount = max(UInt256.one, (try? depth / UInt256(size.divisor)) ?? .one)
                requests.append(WorkloadRequest(tokenIn: tokenIn, tokenOut: tokenOut, symbolIn: symbols[tokenIn] ?? "?",
                                                symbolOut: symbols[tokenOut] ?? "?", amount: amount, exactIn: exactIn,
                                                pair: pairClass, size: size))
            }
        }
        return requests
    }

    /// The pool's reserve of `token` as the swap sees it at the current price: the reserve of a
    /// constant-product pool; L / √P (token0) or L · √P (token1) of the active liquidity of a
    /// concentrated pool.
    public static func virtualReserve(of token: Address, in pool: MarketPool) -> UInt256 {
        let isToken0 = pool.token0 == token
        switch pool.state {
        case .constantProduct(let p):
            return isToken0 ? p.reserve0 : p.reserve1
        case .concentrated(let p):
            let liquidity = UInt256(p.liquidity)
            guard !p.sqrtPriceX96.isZero else { return .zero }
            return (isToken0
                ? try? FullMath.mulDiv(liquidity, UInt256.one << 96, p.sqrtPriceX96)
                : try? FullMath.mulDiv(liquidity, p.sqrtPriceX96, UInt256.one << 96)) ?? .zero
        }
    }
}

/// A route-search configuration: hop and split limits.
public struct RouteLimits: Sendable, Hashable, CustomStringConvertible {
    public var maxHops: Int
    public var maxSplits: Int
    public init(maxHops: Int, maxSplits: Int) {
        self.maxHops = maxHops
        self.maxSplits = maxSplits
    }
    public var description: String { "hops \(maxHops) splits \(maxSplits)" }

    /// The configurations measured for a market: every hop limit 1–4 × split limit 1–3, except
    /// at 10,000 pools (hops 2–3 × splits 1 and 3) to keep the run short on two shared cores.
    public static func measured(pools: Int) -> [RouteLimits] {
        let hops = pools >= 10_000 ? [2, 3] : [1, 2, 3, 4]
        let splits = pools >= 10_000 ? [1, 3] : [1, 2, 3]
        return hops.flatMap { h in splits.map { RouteLimits(maxHops: h, maxSplits: $0) } }
    }
}

/// SplitMix64, for choosing the request set deterministically.
struct WorkloadRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
