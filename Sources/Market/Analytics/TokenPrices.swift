/// USD prices of tokens, derived from pool prices: stablecoins are worth $1, and every other
/// token takes its price from its deepest pool against an already priced token, so hubs (WETH)
/// are priced from stablecoin pools and the long tail through the hubs.
public enum TokenPrices {
    public struct PoolQuote: Sendable {
        public var token0: Address
        public var token1: Address
        /// token1 per token0 in whole tokens.
        public var price: Double
        public var balance0: Double
        public var balance1: Double

        public init(token0: Address, token1: Address, price: Double, balance0: Double, balance1: Double) {
            self.token0 = token0
            self.token1 = token1
            self.price = price
            self.balance0 = balance0
            self.balance1 = balance1
        }
    }

    public static func derive(stablecoins: Set<Address>, pools: [PoolQuote], rounds: Int = 4) -> [Address: Double] {
        var prices = Dictionary(stablecoins.map { ($0, 1.0) }, uniquingKeysWith: { a, _ in a })
        for _ in 0..<rounds {
            // Depth of each candidate = USD value of the priced side it is quoted against.
            var best: [Address: (price: Double, depth: Double)] = [:]
            for pool in pools where pool.price > 0 && pool.price.isFinite {
                if let p1 = prices[pool.token1] {
                    consider(pool.token0, price: p1 * pool.price, depth: pool.balance1 * p1, into: &best, known: prices)
                }
                if let p0 = prices[pool.token0] {
                    consider(pool.token1, price: p0 / pool.price, depth: pool.balance0 * p0, into: &best, known: prices)
                }
            }
            if best.isEmpty { break }
            for (token, candidate) in best { prices[token] = candidate.price }
        }
        return prices
    }

    private static func consider(_ token: Address, price: Double, depth: Double, into best: inout [Address: (price: Double, depth: Double)], known: [Address: Double]) {
        guard known[token] == nil, price.isFinite, price > 0, depth > 0 else { return }
        if let current = best[token], current.depth >= depth { return }
        best[token] = (price, depth)
    }
}
