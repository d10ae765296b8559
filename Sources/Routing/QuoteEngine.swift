import DEXMath
import Market

/// Finds the best route for a request on one version of the graph: the best single paths by
/// branch and bound (ranked on estimates, the kept ones executed exactly), then a split across
/// paths when it beats the best single path net of its extra gas. Holds no mutable state, so
/// any number of threads may quote at once.
public final class QuoteEngine: Sendable {
    public let configuration: RouterConfiguration

    /// Paths kept by the full-amount search: enough for gas to reorder the best ones.
    static let singlePathCandidates = 3
    /// Simulations allowed to each search for split complements. Their bounds are loose (the
    /// rate tables do not know which pools the residual market moved or the complement
    /// excludes), the best-first order finds good complements early, and they only propose
    /// candidates: a complement missed costs split quality, never exactness. (100 before the
    /// searches took capped pools in cap order; at 80, route-compare's answers are the same
    /// but for two 1,000-pool tail-tail medium splits, 248 and 275 bp higher.)
    static let complementBudget = 80
    /// The unit share's search comes last, on the same residual market, seeded with every path
    /// found before it: its bar starts high, and what is left to find is a pool shallow enough
    /// to pay only at the smaller share. Fewer simulations find it (route-compare: 3 of 1,008
    /// answers move, by at most 0.012 bp; the median requests take 5 % fewer instructions).
    static let unitComplementBudget = 50
    /// Each search for a pool-disjoint complement (on the market as it is, avoiding the pools
    /// already chosen) may walk far before it finds a path: 100 simulations, not 40, find the
    /// third leg of the 10,000-pool DAI→cbETH 3×3 large split (+770 bp, from 715 bp below the
    /// baseline to above it) and +85 bp on a 1,000-pool exact-output split, nothing lower, for
    /// 1.4 % more instructions on the target's requests.
    static let disjointComplementBudget = 100
    /// Candidates beyond the disjoint legs whose heads and tails at the legs' cut token are
    /// paired with theirs: the best split may feed a tail from a head no leg has (route-compare:
    /// with none, the 100-pool SYN1→SYN3 4×3 medium split stays 44 bp under the baseline; with
    /// two, a 1,000-pool WETH→USDC 4×2 small split also rises above it).
    static let pairedCandidates = 2
    /// Simulations for the search at the largest leg's amount (`largestLegRevised`): 40 finds
    /// what 100 does on route-compare. The search and the second optimisation it leads to cost
    /// 5.8 % more instructions on the target's requests (2 % on those that set p50) for three
    /// answers: +6.3 and +4.1 bp on two 1,000-pool WETH→USDC small splits, from under the
    /// baseline to over it, and +200 bp on a 100-pool one. The found path's disjoint partner
    /// gets the same budget (100 finds the same): +7.7 bp on the 3×2 WETH→USDC small split,
    /// from under the baseline to over it, and +23 bp on a 1,000-pool tail-tail one, for 0.6 %
    /// more instructions, all on the one target request whose search finds a new path.
    static let largestLegBudget = 40
    /// Amount of native token used to price gas in other tokens: 0.01 ETH.
    static let gasValuationAmount = UInt256(10_000_000_000_000_000)

    public init(configuration: RouterConfiguration = RouterConfiguration()) {
        self.configuration = configuration
    }

    /// Paths a split is optimised over: the configured number, within the optimiser's limit.
    var splitCandidates: Int { min(configuration.candidatePaths, SplitOptimizer.maxCandidates) }

    public func quote(_ request: QuoteRequest, graph: PoolGraph) throws(RoutingError) -> Quote {
        let tokenIn = try index(of: request.tokenIn, field: "tokenIn", in: graph)
        let tokenOut = try index(of: request.tokenOut, field: "tokenOut", in: graph)
        let simulator = PathSimulator(graph: graph, gas: configuration.gas)
        // Split candidates and allocations are only ranked: estimated partial steps do for them.
        var estimator = simulator
        estimator.estimates = true
        let gasPrice = request.gasPriceWei ?? configuration.defaultGasPriceWei
        let quoteToken = request.type == .exactIn ? tokenOut : tokenIn
        // A zero gas price values every gas amount at zero: no need to price gas in the token.
        let valuation = gasPrice.isZero ? nil : gasValuation(of: quoteToken, graph: graph, simulator: simulator)
        let gasValue = GasValue(gasPrice: gasPrice, valuation: valuation).callAsFunction

        // The best paths for the whole amount net of gas (up to a few): a path that is not the
        // best at full size matters only as part of a split, which the searches for shares of
        // the amount below find. The search only ranks, on estimated partial steps; the paths
        // it keeps are then executed exactly.
        var search = PathSearch(graph: graph, simulator: estimator, type: request.type, maxHops: request.maxHops,
                                keep: Self.singlePathCandidates, budget: configuration.maxSimulationsPerSearch)
        // Only the best net of gas matters here: prune against it, not the third best gross.
        search.netOfGas = (gasValue, min(configuration.gas.perConcentratedHop, configuration.gas.perConstantProductHop))
        search.run(tokenIn: tokenIn, tokenOut: tokenOut, amount: request.amount)
        var candidates = search.found.map(\.path)
        var pathsExist = search.anyPathExists

        // The best single path net of gas, exactly: estimates within 10⁻¹² can order near-equal
        // paths either way, so each kept path is valued exactly. Routes are compared by their
        // exact scores; only the chosen one is executed in full, at the end.
        var best: (legs: [(Path, UInt256)], score: Int256)?
        /// Makes `legs` the best route when they score more; whether they did.
        func keepIfBetter(_ legs: [(Path, UInt256)]) -> Bool {
            guard let score = exactScore(legs, type: request.type, simulator: simulator, gasValue: gasValue),
                  best.map({ score > $0.score }) ?? true else { return false }
            best = (legs, score)
            return true
        }
        var bestPath: Path?
        for found in search.found where keepIfBetter([(found.path, request.amount)]) {
            bestPath = found.path
        }

        if request.maxSplits > 1 && splitMightPay(request, best: best?.score, tokenIn: tokenIn, tokenOut: tokenOut, graph: graph, gasValue: gasValue) {
            // Complements to the best path: the best paths for a share of the amount on the
            // market as the best path leaves it after carrying the rest. A shallow pool with a
            // good price wins a share there, and paths through the best path's bottleneck no
            // longer look better than they are.
            // Two shares: the optimiser's chunk (1/10) and its grid unit (1/20), so a pool that
            // can fill only a twentieth still becomes a candidate (the baseline's smallest leg).
            let amount = request.amount
            var disjointLegs: [Path] = []
            if let chunk = try? amount / UInt256(SplitOptimizer.chunks), !chunk.isZero,
               let unit = try? amount / UInt256(UInt64(SplitOptimizer.gridUnits)), !unit.isZero {
                var residual = ResidualMarket()
                if let bestPath {
                    var overlay = PoolOverlay()
                    if let trade = try? execute([(bestPath, amount &- chunk)], type: request.type, simulator: simulator, overlay: &overlay) {
                        residual = ResidualMarket(after: trade[0].outcome, overlay: overlay, graph: graph)
                    }
                }
                var complements: [[Path]] = []
                // No path fills the whole amount: the legs must carry large shares, which the
                // paths best for a tenth or a twentieth may be too shallow for.
                let largeShares = bestPath == nil ? (2...request.maxSplits).compactMap { try? amount / UInt256(UInt64($0)) } : []
                for share in largeShares + [chunk, unit] {
                    var partial = PathSearch(graph: graph, simulator: estimator, type: request.type,
                                             maxHops: request.maxHops, keep: max(2, configuration.candidatePaths / 2),
                                             budget: min(share == unit ? Self.unitComplementBudget : Self.complementBudget,
                                                         configuration.maxSimulationsPerSearch))
                    partial.searchResidual(of: residual)
                    partial.seed(candidates + complements.joined(), amount: share)
                    partial.run(tokenIn: tokenIn, tokenOut: tokenOut, amount: share)
                    pathsExist = pathsExist || partial.anyPathExists
                    complements.append(partial.found.map(\.path))
                }
                // Pool-disjoint complements on the market as it is (the baseline's kind of
                // split): the best path for a grid unit avoiding the best path's pools, then
                // one avoiding both.
                // Without a path that fills the whole amount, the best complement anchors them.
                var disjoint: [Path] = []
                if let anchor = bestPath ?? complements.lazy.compactMap(\.first).first {
                    if bestPath == nil { disjoint.append(anchor) }
                    var excluded = Array(anchor.pools)
                    // The unit share's list ranks paths on the market the best path leaves (or
                    // the market as it is), which moved only the anchor's pools: a path avoiding
                    // them has its value on the market as it is, so the first such path there
                    // is the best one a search would find.
                    let unitPaths = complements.last ?? []
                    for _ in 1..<min(request.maxSplits, 3) {
                        if let known = unitPaths.first(where: { path in !path.pools.contains(where: excluded.contains) }) {
                            disjoint.append(known)
                            excluded += known.pools
                            continue
                        }
                        guard let found = searchedPath(for: unit, avoiding: excluded, budget: Self.disjointComplementBudget,
                                                       request: request, tokenIn: tokenIn, tokenOut: tokenOut, graph: graph,
                                                       estimator: estimator) else { break }
                        disjoint.append(found)
                        excluded += found.pools
                    }
                }
                disjointLegs = (bestPath.map { [$0] } ?? []) + disjoint
                // The best path, its disjoint complements, then the complements of both
                // shares in turn, then the runners-up at full size (which mostly share the
                // best path's pools).
                var ordered = bestPath.map { [$0] } ?? []
                for path in disjoint where !ordered.contains(path) { ordered.append(path) }
                for rank in 0..<(complements.map(\.count).max() ?? 0) {
                    for list in complements where rank < list.count && !ordered.contains(list[rank]) { ordered.append(list[rank]) }
                }
                for path in candidates where !ordered.contains(path) { ordered.append(path) }
                candidates = ordered
            }
            candidates = Array(candidates.prefix(splitCandidates))
            if let bestPath, !candidates.contains(bestPath) { candidates[candidates.count - 1] = bestPath }
            if candidates.count > 1 {
                var optimiser = SplitOptimizer(candidates: candidates, type: request.type, total: request.amount,
                                               maxSplits: request.maxSplits, simulator: estimator, gasValue: gasValue)
                let allocation = optimiser.optimise(from: bestPath.flatMap { candidates.firstIndex(of: $0) })
                let legs = Self.legs(allocation, of: candidates)
                if legs.count > 1 {
                    _ = keepIfBetter(legs)
                    // Legs may pay more with their heads and tails paired the other way round:
                    // optimise again with the exchanged paths among the candidates.
                    if let exchanged = reoptimised(legs, optimiser: optimiser, maxHops: request.maxHops) { _ = keepIfBetter(exchanged) }
                }
                if let bar = best?.score, let pairedLegs = paired(disjointLegs, candidates: candidates, optimiser: optimiser, maxHops: request.maxHops, bar: bar) {
                    _ = keepIfBetter(pairedLegs)
                }
                if let current = best, current.legs.count > 1,
                   let revised = largestLegRevised(current.legs, request: request, tokenIn: tokenIn, tokenOut: tokenOut, graph: graph,
                                                   estimator: estimator, optimiser: optimiser) {
                    _ = keepIfBetter(revised)
                }
                // The smallest leg is the one its searches looked at least at its own amount.
                if let current = best, let (smallest, otherPools) = Self.smallestLeg(of: current.legs) {
                    for path in detours(of: current.legs[smallest], otherPools: otherPools, request: request, graph: graph, estimator: estimator) {
                        var legs = current.legs
                        legs[smallest].0 = path
                        _ = keepIfBetter(legs)
                    }
                }
                // After its detours, a smallest leg at the hop limit may still be too shallow.
                if let current = best, let (smallest, otherPools) = Self.smallestLeg(of: current.legs),
                   let wider = widerLeg(smallest, of: current.legs, otherPools: otherPools, request: request, tokenIn: tokenIn,
                                        tokenOut: tokenOut, graph: graph, estimator: estimator) {
                    _ = keepIfBetter(Self.optimised(over: current.legs.map(\.0) + [wider], like: optimiser))
                }
            }
        }
        if best == nil && candidates.isEmpty { throw pathsExist ? unfillable(request, tokenIn: tokenIn, tokenOut: tokenOut, graph: graph) : .noRoute }
        var overlay = PoolOverlay()
        guard let chosen = best, let routes = try? execute(chosen.legs, type: request.type, simulator: simulator, overlay: &overlay) else {
            throw unfillable(request, tokenIn: tokenIn, tokenOut: tokenOut, graph: graph)
        }
        return makeQuote(request, routes: routes, graph: graph, gasValue: gasValue)
    }

    /// The split optimised over `legs`' paths and the paths their tails (and middles) exchange
    /// into; nil when no exchange applies. The other candidates had their chance in the first
    /// optimisation: left out, the second is cheaper and settles the exchange better (route-compare:
    /// three cases gain 75 to 1,720 bp, one loses 0.15 bp). Legs that meet at no token are
    /// `recombined` with the candidates instead.
    func reoptimised(_ legs: [(Path, UInt256)], optimiser: SplitOptimizer, maxHops: Int) -> [(Path, UInt256)]? {
        let exchanged = TailExchange.paths(between: legs.map(\.0), maxHops: maxHops, limit: splitCandidates - legs.count)
        if exchanged.isEmpty { return recombined(legs, optimiser: optimiser, maxHops: maxHops) }
        return Self.optimised(over: legs.map(\.0) + exchanged, like: optimiser)
    }

    /// For legs that meet at no token: the best pool-disjoint split over the legs and the paths
    /// their tails exchange into with the other candidates, when it beats the legs; nil otherwise.
    /// A leg's head may pair better with a candidate's tail, a pairing no candidate search
    /// proposes (route-compare: 1,000-pool WETH→SYN8 medium +244 to +309 bp in four
    /// configurations, nothing lower, +6 % instructions; a full optimisation there instead of
    /// the grid costs +14.6 % for two cases more, under 3 bp). Since the searches take capped
    /// pools in cap order, the 4-hop searches there propose other legs and the pairing no
    /// longer applies; the 3-hop gains stand.
    func recombined(_ legs: [(Path, UInt256)], optimiser: SplitOptimizer, maxHops: Int) -> [(Path, UInt256)]? {
        let exchanged = TailExchange.paths(between: legs.map(\.0), and: optimiser.candidates, maxHops: maxHops, limit: splitCandidates - legs.count)
        if exchanged.isEmpty { return nil }
        let paths = legs.map(\.0) + exchanged
        var again = optimiser.over(paths)
        var current = [UInt256](repeating: .zero, count: paths.count)
        for (i, leg) in legs.enumerated() { current[i] = leg.1 }
        guard let bar = again.score(current), let allocation = again.disjointSplit(beating: bar) else { return nil }
        return Self.legs(allocation, of: paths)
    }

    /// For pool-disjoint `legs` that all pass through a cut token: the best pool-disjoint split
    /// over them, the first `pairedCandidates` other candidates through that token and every
    /// pairing of all their heads and tails there, when it beats `bar`; nil otherwise.
    func paired(_ legs: [Path], candidates: [Path], optimiser: SplitOptimizer, maxHops: Int, bar: Int256) -> [(Path, UInt256)]? {
        guard let cut = CutPairing.cutToken(of: legs) else { return nil }
        let others = candidates.lazy.filter { !legs.contains($0) && $0.tokens.dropFirst().dropLast().contains(cut) }.prefix(Self.pairedCandidates)
        let known = legs + others
        let pairings = CutPairing.paths(through: cut, of: known, maxHops: maxHops)
        if pairings.isEmpty { return nil }
        let paths = known + pairings
        var again = optimiser.over(paths)
        return again.disjointSplit(beating: bar).map { Self.legs($0, of: paths) }
    }

    /// The split optimised again over `legs`' paths and the best path for the largest leg's
    /// amount on the market as it is, when that path is not a leg; nil otherwise. The searches
    /// look for paths best at the whole amount, a tenth and a twentieth; the largest leg of a
    /// split often carries most of the amount, where another path may be best.
    func largestLegRevised(_ legs: [(Path, UInt256)], request: QuoteRequest, tokenIn: Int32, tokenOut: Int32, graph: PoolGraph,
                           estimator: PathSimulator, optimiser: SplitOptimizer) -> [(Path, UInt256)]? {
        guard let largest = legs.max(by: { $0.1 < $1.1 }) else { return nil }
        guard let found = searchedPath(for: largest.1, seed: largest.0, budget: Self.largestLegBudget, request: request,
                                       tokenIn: tokenIn, tokenOut: tokenOut, graph: graph, estimator: estimator),
              !legs.contains(where: { $0.0 == found }) else { return nil }
        var paths = legs.map(\.0) + [found]
        // The found path shares pools with the legs it would displace, so none of them may be
        // the partner it pays best beside: offer its pool-disjoint complement for a grid unit too.
        if let unit = try? request.amount / UInt256(UInt64(SplitOptimizer.gridUnits)), !unit.isZero,
           let partner = searchedPath(for: unit, avoiding: Array(found.pools), budget: Self.largestLegBudget, request: request,
                                      tokenIn: tokenIn, tokenOut: tokenOut, graph: graph, estimator: estimator),
           !paths.contains(partner) {
            paths.append(partner)
        }
        return Self.optimised(over: paths, like: optimiser)
    }

    /// The best path for `amount` on the market as it is that avoids the `excluded` pools, by a
    /// search of at most `budget` simulations that starts with `seed`'s value as its bar, or
    /// `mustBeat` (`PathSearch.mustBeat`); nil when it finds none.
    func searchedPath(for amount: UInt256, avoiding excluded: [Int32] = [], seed: Path? = nil, mustBeat: UInt256? = nil, budget: Int,
                      request: QuoteRequest, tokenIn: Int32, tokenOut: Int32, graph: PoolGraph, estimator: PathSimulator) -> Path? {
        var search = PathSearch(graph: graph, simulator: estimator, type: request.type, maxHops: request.maxHops, keep: 1,
                                budget: min(budget, configuration.maxSimulationsPerSearch))
        search.excludedPools = excluded
        search.mustBeat = mustBeat
        if let seed { search.seed(seed, amount: amount) }
        search.run(tokenIn: tokenIn, tokenOut: tokenOut, amount: amount)
        return search.found.first?.path
    }

    /// The index of a split's smallest leg and the pools of its other legs; nil for one leg.
    static func smallestLeg(of legs: [(Path, UInt256)]) -> (index: Int, otherPools: [Int32])? {
        guard legs.count > 1, let smallest = legs.indices.min(by: { legs[$0].1 < legs[$1].1 }) else { return nil }
        return (smallest, legs.indices.filter { $0 != smallest }.flatMap { legs[$0].0.pools })
    }

    /// The split optimised again, from no start, over `paths` instead of the first
    /// optimisation's candidates (whose single-leg scores it reuses).
    static func optimised(over paths: [Path], like optimiser: SplitOptimizer) -> [(Path, UInt256)] {
        var again = optimiser.over(paths)
        return legs(again.optimise(from: nil), of: paths)
    }

    /// The paths an allocation gives a share, with their shares.
    static func legs(_ allocation: [UInt256], of paths: [Path]) -> [(Path, UInt256)] {
        allocation.indices.filter { !allocation[$0].isZero }.map { (paths[$0], allocation[$0]) }
    }

    /// The exact result of swapping `amount` along `pools` starting with `tokenIn` (exactIn),
    /// or of obtaining `amount` at the end of that path (exactOut).
    public func simulate(tokenIn: Address, pools: [Address], amount: UInt256, type: TradeType, graph: PoolGraph) throws(RoutingError) -> RouteQuote {
        guard !amount.isZero else { throw .invalidAmount("amount must be greater than zero") }
        guard !pools.isEmpty, pools.count <= QuoteRequest.maxHopsLimit else {
            throw .invalidParameter(field: "path", message: "path must list 1 to \(QuoteRequest.maxHopsLimit) pools")
        }
        var token = try index(of: tokenIn, field: "tokenIn", in: graph)
        var path = Path(tokens: [token], pools: [])
        for (i, address) in pools.enumerated() {
            guard let pool = graph.poolIndex(of: address) else { throw .unknownPool(field: "path[\(i)]", address: address) }
            let node = graph.node(pool)
            guard node.token0 == token || node.token1 == token else { throw .poolDoesNotTrade(pool: address, token: graph.token(token).address) }
            token = node.token0 == token ? node.token1 : node.token0
            path = path.appending(pool: pool, token: token)
        }
        let simulator = PathSimulator(graph: graph, gas: configuration.gas)
        var overlay = PoolOverlay()
        let outcome: PathSimulator.Outcome
        do throws(HopSimulator.Failure) {
            outcome = type == .exactIn
                ? try simulator.exactIn(path, amountIn: amount, overlay: &overlay)
                : try simulator.exactOut(path, amountOut: amount, overlay: &overlay)
        } catch {
            switch error {
            case .cannotFill: throw type == .exactIn && Self.isDust(amount, along: path, in: graph) ? .amountTooSmall : .insufficientLiquidity
            case .math(let reason): throw .swapFailed(pool: pools[0], error: reason)
            }
        }
        return routeQuote(outcome, portionBps: 10_000, graph: graph)
    }

    // MARK: Pieces

    /// Whether a split could beat `best` by more than a tenth of a basis point: no allocation
    /// gets a better rate than the best path's marginal-rate bound, and a split pays for at
    /// least two routes' hops. False spares small trades on deep pools the optimiser.
    func splitMightPay(_ request: QuoteRequest, best: Int256?, tokenIn: Int32, tokenOut: Int32, graph: PoolGraph, gasValue: (UInt64) -> UInt256) -> Bool {
        guard let best else { return true }
        let rate = RateTable.toward(tokenOut, maxHops: request.maxHops, in: graph).bound(tokenIn, hops: request.maxHops)
        let gas = configuration.gas
        let twoRoutes = gasValue(2 * min(gas.perConcentratedHop, gas.perConstantProductHop))
        switch request.type {
        case .exactIn:
            // Σ out ≤ amount · rate, so a split scores at most amount · rate − gas(two routes).
            guard let single = best.exactUInt256 else { return true }
            let tolerance = (try? single / UInt256(100_000)) ?? .zero
            guard let bar = try? single + twoRoutes + tolerance else { return false }
            return RateBound(request.amount, rounding: .up).multiplied(by: rate, rounding: .up).canExceed(bar)
        case .exactOut:
            // Σ in ≥ amount / rate, so a split costs at least amount / rate + gas(two routes).
            guard !rate.isZero else { return false }
            guard best.isNegative else { return true }
            let cost = best.magnitude
            let tolerance = (try? cost / UInt256(100_000)) ?? .zero
            let leastInput = RateBound(request.amount, rounding: .down).divided(by: rate, rounding: .down).integerPart
            guard let splitCost = try? leastInput + twoRoutes + tolerance else { return false }
            return splitCost < cost
        }
    }

    /// Why paths exist but none fills: an exact input whose output is bounded below one unit on
    /// every path (amount · the best marginal-rate bound < 1) is dust, however deep the pools.
    func unfillable(_ request: QuoteRequest, tokenIn: Int32, tokenOut: Int32, graph: PoolGraph) -> RoutingError {
        guard request.type == .exactIn else { return .insufficientLiquidity }
        let rate = RateTable.toward(tokenOut, maxHops: request.maxHops, in: graph).bound(tokenIn, hops: request.maxHops)
        return Self.isDust(amount: request.amount, rate: rate) ? .amountTooSmall : .insufficientLiquidity
    }

    /// Whether `amount` in along `path` is bounded below one unit out by its pools' marginal-rate bounds.
    static func isDust(_ amount: UInt256, along path: Path, in graph: PoolGraph) -> Bool {
        var rate = RateBound.one
        for (i, pool) in path.pools.enumerated() {
            let node = graph.node(pool)
            rate = rate.multiplied(by: path.tokens[i] == node.token0 ? node.rateZeroForOne : node.rateOneForZero, rounding: .up)
        }
        return isDust(amount: amount, rate: rate)
    }

    /// A zero rate bound is a pool without liquidity, which no amount fills: not dust.
    static func isDust(amount: UInt256, rate: RateBound) -> Bool {
        !rate.isZero && RateBound(amount, rounding: .up).multiplied(by: rate, rounding: .up) < .one
    }

    func index(of address: Address, field: String, in graph: PoolGraph) throws(RoutingError) -> Int32 {
        guard let index = graph.tokenIndex(of: address), !graph.vertices[Int(index)].edges.isEmpty else {
            throw .unknownToken(field: field, address: address)
        }
        return index
    }

    /// How much of `token` one `gasValuationAmount` of the native token buys on the best path
    /// of at most two hops; nil when the token cannot be priced (gas is then not valued).
    func gasValuation(of token: Int32, graph: PoolGraph, simulator: PathSimulator) -> UInt256? {
        guard let native = graph.tokenIndex(of: configuration.nativeToken) else { return nil }
        if native == token { return Self.gasValuationAmount }
        // The same for every quote toward the token on this graph version: found once per version.
        return graph.rateTables.valuation(.init(native: native, token: token)) {
            var search = PathSearch(graph: graph, simulator: simulator, type: .exactIn, maxHops: 2, keep: 1, budget: 200)
            search.run(tokenIn: native, tokenOut: token, amount: Self.gasValuationAmount)
            return search.found.first?.amount
        }
    }

    /// Legs simulated in order, largest first, each seeing what the earlier ones did to shared pools.
    func execute(_ legs: [(Path, UInt256)], type: TradeType, simulator: PathSimulator, overlay: inout PoolOverlay) throws(HopSimulator.Failure) -> [(path: Path, outcome: PathSimulator.Outcome)] {
        var routes: [(path: Path, outcome: PathSimulator.Outcome)] = []
        for (path, amount) in legs.sorted(by: { $0.1 > $1.1 }) {
            let outcome = type == .exactIn
                ? try simulator.exactIn(path, amountIn: amount, overlay: &overlay)
                : try simulator.exactOut(path, amountOut: amount, overlay: &overlay)
            routes.append((path, outcome))
        }
        return routes
    }

    /// Score of one path: output less gas (exactIn), or minus input and gas (exactOut).
    static func score(amount: UInt256, gasUnits: UInt64, type: TradeType, gasValue: (UInt64) -> UInt256) -> Int256? {
        guard let gas = Int256(exactly: gasValue(gasUnits)), let value = Int256(exactly: amount) else { return nil }
        return type == .exactIn ? value &- gas : Int256.zero &- value &- gas
    }

    /// The score of `legs` as `execute` would execute them (largest first, each seeing what
    /// the earlier ones did to the pools they share), exactly, without building their hops or
    /// the states of pools no other leg swaps through; nil when a leg cannot be filled, or
    /// there is none (an optimisation with no start to score gives no legs: scoring them zero
    /// would beat every exact-output route, whose scores are negative).
    func exactScore(_ legs: [(Path, UInt256)], type: TradeType, simulator: PathSimulator, gasValue: (UInt64) -> UInt256) -> Int256? {
        if legs.isEmpty { return nil }
        var shared: [Int32] = []
        for (i, leg) in legs.enumerated() {
            for pool in leg.0.pools where !shared.contains(pool) && legs[(i + 1)...].contains(where: { $0.0.pools.contains(pool) }) {
                shared.append(pool)
            }
        }
        var overlay = PoolOverlay()
        var total = Int256.zero
        for (path, amount) in legs.sorted(by: { $0.1 > $1.1 }) {
            guard let r = shared.isEmpty
                    ? simulator.amounts(path, amount: amount, type: type)
                    : simulator.amounts(path, amount: amount, type: type, overlay: &overlay, shared: shared),
                  let value = Self.score(amount: type == .exactIn ? r.amountOut : r.amountIn, gasUnits: r.gasUnits, type: type, gasValue: gasValue)
            else { return nil }
            total = total &+ value
        }
        return total
    }

    func makeQuote(_ request: QuoteRequest, routes: [(path: Path, outcome: PathSimulator.Outcome)], graph: PoolGraph, gasValue: (UInt64) -> UInt256) -> Quote {
        var amountIn = UInt256.zero
        var amountOut = UInt256.zero
        var gasUnits = configuration.gas.base
        var midOut = RateBound.zero
        var quoted: [RouteQuote] = []
        var portionLeft = 10_000
        for (i, route) in routes.enumerated() {
            amountIn = amountIn &+ route.outcome.amountIn
            amountOut = amountOut &+ route.outcome.amountOut
            gasUnits += route.outcome.gasUnits
            let specified = request.type == .exactIn ? route.outcome.amountIn : route.outcome.amountOut
            let portion = i == routes.count - 1 ? portionLeft
                : Int(((try? FullMath.mulDiv(specified, UInt256(10_000), request.amount)) ?? .zero).exactUInt64 ?? 0)
            portionLeft -= portion
            quoted.append(routeQuote(route.outcome, portionBps: portion, graph: graph))
            var mid = RateBound(route.outcome.amountIn, rounding: .down)
            for hop in route.outcome.hops {
                mid = mid.multiplied(by: graph.midRate(pool: hop.pool, zeroForOne: hop.tokenIn == graph.nodes[Int(hop.pool)].token0), rounding: .down)
            }
            midOut = midOut.adding(mid, rounding: .down)
        }
        let slippage = UInt256(UInt64(request.slippageBps))
        let bps = UInt256(10_000)
        let amountOutMin = request.type == .exactIn ? (try? FullMath.mulDiv(amountOut, bps &- slippage, bps)) : nil
        let amountInMax = request.type == .exactOut ? (try? FullMath.mulDivRoundingUp(amountIn, bps &+ slippage, bps)) : nil
        return Quote(type: request.type, amountIn: amountIn, amountOut: amountOut, amountOutMin: amountOutMin, amountInMax: amountInMax,
                     priceImpactBps: Self.priceImpactBps(amountOut: amountOut, midOut: midOut), gasEstimate: gasUnits,
                     gasCostInQuoteToken: gasValue(gasUnits), routes: quoted, stateSequence: graph.sequence)
    }

    func routeQuote(_ outcome: PathSimulator.Outcome, portionBps: Int, graph: PoolGraph) -> RouteQuote {
        RouteQuote(portionBps: portionBps, amountIn: outcome.amountIn, amountOut: outcome.amountOut, hops: outcome.hops.map { hop in
            let node = graph.node(hop.pool)
            return HopQuote(pool: node.address, tokenIn: graph.token(hop.tokenIn).address, tokenOut: graph.token(hop.tokenOut).address,
                            fee: node.state.fee, amountIn: hop.result.amountIn, amountOut: hop.result.amountOut,
                            sqrtPriceX96After: hop.result.sqrtPriceX96After, ticksCrossed: hop.result.ticksCrossed)
        })
    }

    /// 10000 · (1 − out / mid-price out), in whole basis points; fees count as impact.
    static func priceImpactBps(amountOut: UInt256, midOut: RateBound) -> Int {
        guard !midOut.isZero else { return 0 }
        let ratio = RateBound(amountOut, rounding: .down).multiplied(by: RateBound(UInt256(10_000), rounding: .down), rounding: .down)
            .divided(by: midOut, rounding: .down).integerPart
        let kept = Int(ratio.exactUInt64.map { min($0, 20_000) } ?? 20_000)
        return 10_000 - kept
    }
}
