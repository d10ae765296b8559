import DEXMath
import Market
@testable import Routing

/// The reference the engine is held to: every simple path, and every split of the amount over
/// up to three of them on a grid, each evaluated exactly in the order the engine executes.
struct BruteForce {
    let graph: PoolGraph
    let simulator: PathSimulator

    init(graph: PoolGraph) {
        self.graph = graph
        simulator = PathSimulator(graph: graph, gas: GasModel())
    }

    func paths(from: Int32, to: Int32, maxHops: Int) -> [Path] {
        var result: [Path] = []
        func walk(_ path: Path) {
            let here = path.tokens.last!
            if here == to { result.append(path); return }
            guard path.hopCount < maxHops else { return }
            for edge in graph.vertices[Int(here)].edges where !path.tokens.contains(edge.to) {
                walk(path.appending(pool: edge.pool, token: edge.to))
            }
        }
        walk(Path(tokens: [from], pools: []))
        return result
    }

    /// Output (exactIn) or input (exactOut) of legs executed largest first on one overlay.
    func evaluate(_ legs: [(Path, UInt256)], type: TradeType) -> UInt256? {
        var overlay = PoolOverlay()
        var total = UInt256.zero
        for (path, amount) in legs.sorted(by: { $0.1 > $1.1 }) where !amount.isZero {
            switch type {
            case .exactIn:
                guard let o = try? simulator.exactIn(path, amountIn: amount, overlay: &overlay) else { return nil }
                total = total &+ o.amountOut
            case .exactOut:
                guard let o = try? simulator.exactOut(path, amountOut: amount, overlay: &overlay) else { return nil }
                total = total &+ o.amountIn
            }
        }
        return total
    }

    func better(_ a: UInt256?, _ b: UInt256?, _ type: TradeType) -> Bool {
        guard let a else { return false }
        guard let b else { return true }
        return type == .exactIn ? a > b : a < b
    }

    func bestSingle(from: Int32, to: Int32, amount: UInt256, maxHops: Int, type: TradeType) -> UInt256? {
        var best: UInt256?
        for path in paths(from: from, to: to, maxHops: maxHops) {
            let value = evaluate([(path, amount)], type: type)
            if better(value, best, type) { best = value }
        }
        return best
    }

    /// Best over single paths, pairs on a 1 % grid and triples on a 5 % grid.
    func bestSplit(from: Int32, to: Int32, amount: UInt256, maxHops: Int, maxSplits: Int, type: TradeType) -> UInt256? {
        let all = paths(from: from, to: to, maxHops: maxHops)
        var best = bestSingle(from: from, to: to, amount: amount, maxHops: maxHops, type: type)
        func part(_ percent: Int) -> UInt256 { (try? FullMath.mulDiv(amount, UInt256(UInt64(percent)), 100)) ?? .zero }
        if maxSplits >= 2 {
            for i in all.indices {
                for j in all.indices where j > i {
                    for p in 1..<100 {
                        let a = part(p)
                        let value = evaluate([(all[i], a), (all[j], amount &- a)], type: type)
                        if better(value, best, type) { best = value }
                    }
                }
            }
        }
        if maxSplits >= 3 && all.count >= 3 {
            for i in all.indices {
                for j in all.indices where j > i {
                    for k in all.indices where k > j {
                        for p in stride(from: 5, to: 100, by: 5) {
                            for q in stride(from: 5, to: 100 - p, by: 5) {
                                let a = part(p), b = part(q)
                                let value = evaluate([(all[i], a), (all[j], b), (all[k], amount &- a &- b)], type: type)
                                if better(value, best, type) { best = value }
                            }
                        }
                    }
                }
            }
        }
        return best
    }
}
