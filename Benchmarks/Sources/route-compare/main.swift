// route-compare: the engine (`Routing.QuoteEngine`) against the baseline (`BaselineRouter`:
// exhaustive paths + SOR-style 5 % greedy split grid) on the same markets and requests.
//
//   swift run -c release route-compare [--pools 100,1000,10000] [--reps 5] [--cases FILE] [--types exactIn,exactOut]
//                                       [--configs 4x3,2x1] [--max-baseline-seconds 120]
//
// Per configuration it prints the engine's and the baseline's median quote time over the
// request set (each request timed `reps` times, its median kept), their ratio, and the output
// difference in bps (engine − baseline, relative to the baseline; exactOut: input difference,
// negative is better), with counts of cases where the engine is worse. Gas is ignored on both
// sides (engine default gas price 0), so the amounts compare directly. Every case where the
// engine is worse is listed with its request, so it can be reproduced.

import BaselineRouter
import DEXMath
import Foundation
import Market
import Routing
import RoutingWorkload

// MARK: Arguments

struct Options {
    var pools = WorkloadMarket.sizes
    var reps = 5
    var casesFile: String?
    var types: [Bool] = [true, false]
    var configs: [RouteLimits]?
    /// Stop timing the baseline repeatedly once one run of it takes longer than this.
    var repeatBaselineBelow: Double = 0.2
    /// Skip the baseline for the rest of a configuration once a single run exceeds this (seconds).
    var maxBaselineSeconds: Double = 120
    /// Profiling mode: only run the engine, this many passes over the requests, print nothing per case.
    var profilePasses: Int?
    /// Print both sides' routes (pools, amounts) for every case where the engine is worse.
    var explain = false
    /// Profiling mode: price gas as production does (`RouterConfiguration()`, as RoutingBenchmarks
    /// does) instead of at zero.
    var productionGas = false
    /// Profiling mode: quote the passes on this many threads at once (every thread all of
    /// them) and print the throughput: what sharing the graph's caches between cores costs.
    var threads = 1
    /// Profiling mode: quote only the request at this index of the workload.
    var only: Int?

    static func parse() -> Options {
        var o = Options()
        var args = CommandLine.arguments.dropFirst().makeIterator()
        while let arg = args.next() {
            func value() -> String {
                guard let v = args.next() else { fatalError("\(arg) needs a value") }
                return v
            }
            switch arg {
            case "--pools": o.pools = value().split(separator: ",").map { Int($0)! }
            case "--reps": o.reps = max(1, Int(value())!)
            case "--cases": o.casesFile = value()
            case "--types": o.types = value().split(separator: ",").map { $0 == "exactIn" }
            case "--configs":
                o.configs = value().split(separator: ",").map { spec in
                    let parts = spec.split(separator: "x").map { Int($0)! }
                    return RouteLimits(maxHops: parts[0], maxSplits: parts[1])
                }
            case "--max-baseline-seconds": o.maxBaselineSeconds = Double(value())!
            case "--profile-engine": o.profilePasses = Int(value())!
            case "--explain": o.explain = true
            case "--production-gas": o.productionGas = true
            case "--threads": o.threads = max(1, Int(value())!)
            case "--only": o.only = Int(value())!
            case "-h", "--help":
                print("usage: route-compare [--pools 100,1000,10000] [--reps N] [--cases FILE] [--types exactIn,exactOut] [--configs HxS,...] [--max-baseline-seconds S] [--profile-engine PASSES [--production-gas] [--threads N] [--only INDEX]] [--explain]")
                exit(0)
            default: fatalError("unknown argument \(arg)")
            }
        }
        return o
    }
}

// MARK: Helpers

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func median(_ xs: [Double]) -> Double {
    guard !xs.isEmpty else { return .nan }
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func percentile(_ xs: [Double], _ p: Double) -> Double {
    guard !xs.isEmpty else { return .nan }
    let s = xs.sorted()
    let rank = Int((p / 100 * Double(s.count)).rounded(.up)) - 1
    return s[min(max(rank, 0), s.count - 1)]
}

func double(_ x: UInt256) -> Double { Double(x.decimalString)! }

func formatTime(_ s: Double) -> String {
    if s.isNaN { return "—" }
    if s < 1e-3 { return String(format: "%.0f µs", s * 1e6) }
    if s < 1 { return String(format: "%.2f ms", s * 1e3) }
    return String(format: "%.2f s", s)
}

func formatBps(_ x: Double) -> String {
    if x.isNaN { return "—" }
    if x == 0 { return "0" }
    if abs(x) < 0.001 { return String(format: "%+.1e", x) }
    return String(format: "%+.3f", x)
}

/// Runs `body` `reps` times (fewer when one run is slow) and returns the median time and the last result.
func timed<T>(reps: Int, slowAfter: Double, _ body: () -> T) -> (seconds: Double, result: T) {
    var times: [Double] = []
    var result: T
    repeat {
        let start = ContinuousClock.now
        result = body()
        times.append(seconds(ContinuousClock.now - start))
    } while times.count < reps && times.last! < slowAfter
    return (median(times), result)
}

// MARK: Comparison

struct Case {
    var pools: Int
    var limits: RouteLimits
    var request: WorkloadRequest
    var engineSeconds: Double
    var baselineSeconds: Double?
    var engine: Quote?
    var engineError: RoutingError?
    var baseline: BaselineRouter.Result?
    var baselineSkipped: Bool

    /// engine − baseline in bps of the baseline: output (exactIn) or input (exactOut).
    var diffBps: Double? {
        guard let engine, let baseline else { return nil }
        let (e, b) = request.exactIn ? (engine.amountOut, baseline.amountOut) : (engine.amountIn, baseline.amountIn)
        let bd = double(b)
        guard bd > 0 else { return nil }
        return (double(e) - bd) / bd * 10_000
    }

    /// Exact comparison (no floating point): is the engine strictly worse?
    var engineWorse: Bool {
        if engine == nil { return baseline != nil }
        guard let engine, let baseline else { return false }
        return request.exactIn ? engine.amountOut < baseline.amountOut : engine.amountIn > baseline.amountIn
    }

    var engineBetter: Bool {
        if baseline == nil { return engine != nil && !baselineSkipped }
        guard let engine, let baseline else { return false }
        return request.exactIn ? engine.amountOut > baseline.amountOut : engine.amountIn < baseline.amountIn
    }

    var routeSummary: String {
        let e = engine.map { q in q.routes.map { "\($0.portionBps / 100)%:\($0.hops.count)h" }.joined(separator: "+") } ?? "\(engineError.map { "\($0.code)" } ?? "-")"
        let b = baseline.map { r in r.legs.map { "\($0.percent)%:\($0.pools.count)h" }.joined(separator: "+") } ?? (baselineSkipped ? "skipped" : "no route")
        return "engine \(e) | baseline \(b)"
    }
}

/// The baseline's answer must be real: legs share no pool, add up to the request, and each is
/// exactly what Routing's `simulate` gives for its path and amount. A failure stops the run.
func verify(_ result: BaselineRouter.Result, _ request: WorkloadRequest, graph: PoolGraph) {
    let pools = result.legs.flatMap(\.pools)
    precondition(Set(pools).count == pools.count, "baseline legs share a pool: \(request)")
    precondition((request.exactIn ? result.amountIn : result.amountOut) == request.amount, "baseline legs do not add up: \(request)")
    for leg in result.legs {
        guard let route = try? QuoteEngine().simulate(tokenIn: request.tokenIn, pools: leg.pools, amount: request.exactIn ? leg.amountIn : leg.amountOut,
                                                      type: request.exactIn ? .exactIn : .exactOut, graph: graph),
              route.amountIn == leg.amountIn, route.amountOut == leg.amountOut else {
            preconditionFailure("baseline leg disagrees with QuoteEngine.simulate: \(request) \(leg)")
        }
    }
}

let options = Options.parse()

// Profiling mode (for perf / callgrind): the engine alone on the same requests. --explain prints
// each request's median time; --cases FILE writes the engine's amounts (compare two builds'
// answers without re-running the baseline).
if let passes = options.profilePasses {
    // With --cases, the engine's answers only (no baseline): for comparing two engine builds.
    var engineLines = ["pools,type,maxHops,maxSplits,pair,size,tokenIn,tokenOut,engineAmount"]
    let engine = QuoteEngine(configuration: options.productionGas ? RouterConfiguration() : RouterConfiguration(defaultGasPriceWei: .zero))
    for pools in options.pools {
        let snapshot = try WorkloadMarket.snapshot(pools: pools)
        let graph = PoolGraph(snapshot: snapshot)
        for exactIn in options.types {
            for limits in options.configs ?? RouteLimits.measured(pools: pools) {
                let all = WorkloadRequests.make(snapshot, exactIn: exactIn)
                let workload = options.only.map { index in
                    guard all.indices.contains(index) else { fatalError("--only \(index): the workload has requests 0 to \(all.count - 1)") }
                    return [all[index]]
                } ?? all
                let requests = try workload.map {
                    try QuoteRequest(tokenIn: $0.tokenIn, tokenOut: $0.tokenOut, amount: $0.amount, type: exactIn ? .exactIn : .exactOut,
                                     maxHops: limits.maxHops, maxSplits: limits.maxSplits)
                }
                if options.threads > 1 {
                    let start = ContinuousClock.now
                    DispatchQueue.concurrentPerform(iterations: options.threads) { _ in
                        for _ in 0..<passes { for request in requests { _ = try? engine.quote(request, graph: graph) } }
                    }
                    let elapsed = seconds(ContinuousClock.now - start)
                    let quotes = options.threads * passes * requests.count
                    print("profile: \(pools) pools \(exactIn ? "exactIn" : "exactOut") \(limits): \(quotes) quotes on \(options.threads) threads in "
                          + String(format: "%.3f s; %.0f quotes/s", elapsed, Double(quotes) / elapsed))
                    continue
                }
                var quoted = 0
                var times: [Double] = []
                var perRequest = Array(repeating: [Double](), count: requests.count)
                let start = ContinuousClock.now
                for pass in 0..<passes {
                    for (r, request) in requests.enumerated() {
                        let t0 = ContinuousClock.now
                        let q = try? engine.quote(request, graph: graph)
                        let ok = q != nil
                        let dt = seconds(ContinuousClock.now - t0)
                        if ok { quoted += 1; times.append(dt); perRequest[r].append(dt) }
                        if pass == 0 && options.casesFile != nil {
                            let w = workload[r]
                            let amount = q.map { exactIn ? $0.amountOut.decimalString : $0.amountIn.decimalString } ?? ""
                            engineLines.append("\(pools),\(w.typeName),\(limits.maxHops),\(limits.maxSplits),\(w.pair.rawValue),\(w.size.rawValue),\(w.tokenIn.checksummed),\(w.tokenOut.checksummed),\(amount)")
                        }
                    }
                }
                if options.explain {
                    for (r, request) in workload.enumerated() {
                        print(String(format: "  %6.0f µs  ", median(perRequest[r]) * 1e6) + request.description)
                    }
                }
                print("profile: \(pools) pools \(exactIn ? "exactIn" : "exactOut") \(limits): \(quoted) quotes in \(ContinuousClock.now - start)"
                      + String(format: "; per quote p50 %.0f µs, p90 %.0f µs, p99 %.0f µs, max %.0f µs", median(times) * 1e6,
                               percentile(times, 90) * 1e6, percentile(times, 99) * 1e6, (times.max() ?? 0) * 1e6))
            }
        }
    }
    if let file = options.casesFile { try (engineLines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8) }
    exit(0)
}
let engine = QuoteEngine(configuration: RouterConfiguration(defaultGasPriceWei: .zero))
var allCases: [Case] = []
let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
print("route-compare: engine (Routing.QuoteEngine, gas price 0) vs baseline (exhaustive paths + SOR 5 % grid), \(options.reps) reps per request, load average at start \(load)")

print("")
print("| pools | type | hops | splits | quoted (both) | engine p50 | engine max | baseline p50 | baseline max | baseline / engine (p50) | Δ bps min | Δ bps median | Δ bps max | engine better | equal | engine worse | paths (baseline, median) |")
print("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")

for pools in options.pools {
    let snapshot = try WorkloadMarket.snapshot(pools: pools)
    let graph = PoolGraph(snapshot: snapshot)
    let baseline = BaselineRouter(snapshot: snapshot)
    for exactIn in options.types {
        let requests = WorkloadRequests.make(snapshot, exactIn: exactIn)
        for limits in options.configs ?? RouteLimits.measured(pools: pools) {
            var cases: [Case] = []
            var baselineGaveUp = false
            for request in requests {
                let quoteRequest = try QuoteRequest(tokenIn: request.tokenIn, tokenOut: request.tokenOut, amount: request.amount,
                                                    type: exactIn ? .exactIn : .exactOut, maxHops: limits.maxHops, maxSplits: limits.maxSplits)
                let e = timed(reps: options.reps, slowAfter: 10) { () -> Result<Quote, RoutingError> in
                    do throws(RoutingError) { return .success(try engine.quote(quoteRequest, graph: graph)) } catch { return .failure(error) }
                }
                var c = Case(pools: pools, limits: limits, request: request, engineSeconds: e.seconds, baselineSeconds: nil,
                             engine: try? e.result.get(), engineError: { if case .failure(let err) = e.result { return err } else { return nil } }(),
                             baseline: nil, baselineSkipped: baselineGaveUp)
                if !baselineGaveUp {
                    let b = timed(reps: options.reps, slowAfter: options.repeatBaselineBelow) {
                        try? baseline.quote(tokenIn: request.tokenIn, tokenOut: request.tokenOut, amount: request.amount,
                                            exactIn: exactIn, maxHops: limits.maxHops, maxSplits: limits.maxSplits)
                    }
                    c.baselineSeconds = b.seconds
                    c.baseline = b.result
                    if let result = b.result { verify(result, request, graph: graph) }
                    if b.seconds > options.maxBaselineSeconds { baselineGaveUp = true }
                }
                cases.append(c)
            }
            allCases += cases
            let both = cases.filter { $0.engine != nil && $0.baseline != nil }
            let diffs = both.compactMap(\.diffBps)
            let engineTimes = cases.map(\.engineSeconds)
            let baselineTimes = cases.compactMap(\.baselineSeconds)
            let better = cases.filter(\.engineBetter).count
            let worse = cases.filter(\.engineWorse).count
            let equal = both.count - both.filter(\.engineBetter).count - both.filter(\.engineWorse).count
            let paths = median(cases.compactMap { $0.baseline.map { Double($0.paths) } })
            let ratio = median(baselineTimes) / median(engineTimes)
            print("| \(pools) | \(exactIn ? "exactIn" : "exactOut") | \(limits.maxHops) | \(limits.maxSplits) | \(both.count)/\(cases.count) | \(formatTime(median(engineTimes))) | \(formatTime(engineTimes.max() ?? .nan)) | \(formatTime(median(baselineTimes)))\(baselineGaveUp ? " (partial)" : "") | \(formatTime(baselineTimes.max() ?? .nan)) | \(ratio.isNaN ? "—" : String(format: "%.1f×", ratio)) | \(formatBps(diffs.min() ?? .nan)) | \(formatBps(median(diffs))) | \(formatBps(diffs.max() ?? .nan)) | \(better) | \(equal) | \(worse) | \(paths.isNaN ? "—" : String(format: "%.0f", paths)) |")
            fflush(nil)
        }
    }
}

// MARK: Summary

let worse = allCases.filter(\.engineWorse)
print("")
print("Every baseline answer was checked: legs disjoint, adding up to the request, each equal to QuoteEngine.simulate of its path to the wei.")
print("Cases compared: \(allCases.count); both quoted: \(allCases.filter { $0.engine != nil && $0.baseline != nil }.count); engine better: \(allCases.filter(\.engineBetter).count); engine worse: \(worse.count); engine failed where the baseline quoted: \(allCases.filter { $0.engine == nil && $0.baseline != nil }.count); baseline skipped (too slow): \(allCases.filter(\.baselineSkipped).count)")
if !worse.isEmpty {
    print("")
    print("Cases where the engine is worse (Δ in bps; reproduce with QuoteRequest(tokenIn:tokenOut:amount:type:maxHops:maxSplits:) on WorkloadMarket.snapshot(pools:)):")
    for c in worse {
        print("- pools \(c.pools), \(c.limits): \(c.request) Δ \(c.diffBps.map(formatBps) ?? "engine failed: \(c.engineError.map { "\($0)" } ?? "?")") bps; \(c.routeSummary); engine \(c.engine.map { c.request.exactIn ? $0.amountOut.decimalString : $0.amountIn.decimalString } ?? "—") vs baseline \(c.baseline.map { c.request.exactIn ? $0.amountOut.decimalString : $0.amountIn.decimalString } ?? "—")")
        if options.explain {
            for route in c.engine?.routes ?? [] {
                print("    engine   \(route.portionBps) bp: in \(route.amountIn.decimalString) out \(route.amountOut.decimalString) via \(route.hops.map { "\($0.pool.checksummed) (fee \($0.fee), \($0.ticksCrossed) ticks)" }.joined(separator: " → "))")
            }
            for leg in c.baseline?.legs ?? [] {
                print("    baseline \(leg.percent) %: in \(leg.amountIn.decimalString) out \(leg.amountOut.decimalString) via \(leg.pools.map(\.checksummed).joined(separator: " → "))")
            }
            let pools = (c.engine?.routes ?? []).flatMap { $0.hops.map(\.pool) }
            print("    engine routes share a pool: \(Set(pools).count < pools.count)")
        }
    }
}

// The issue's latency target, on the engine's per-request medians of the configuration.
let target = allCases.filter { $0.pools == 1_000 && $0.request.exactIn && $0.limits == RouteLimits(maxHops: 4, maxSplits: 3) }
if !target.isEmpty {
    let times = target.map(\.engineSeconds)
    print("")
    print("Target (1,000 pools, exactIn, 4 hops, 3 splits): per-request median times p50 \(formatTime(percentile(times, 50))), max \(formatTime(times.max()!)) over \(times.count) requests (p50 ≤ 300 µs, p99 ≤ 2 ms wanted; see RoutingBenchmarks for the sampled p99)")
}

if let file = options.casesFile {
    var csv = "pools,type,maxHops,maxSplits,pair,size,tokenIn,tokenOut,amount,engineSeconds,baselineSeconds,engineAmount,baselineAmount,diffBps,engineRoutes,baselineRoutes,baselinePaths,baselineSwaps,engineError\n"
    for c in allCases {
        let eAmount = c.engine.map { c.request.exactIn ? $0.amountOut.decimalString : $0.amountIn.decimalString } ?? ""
        let bAmount = c.baseline.map { c.request.exactIn ? $0.amountOut.decimalString : $0.amountIn.decimalString } ?? ""
        let eRoutes = c.engine.map { q in q.routes.map { "\($0.portionBps)bp/\($0.hops.count)h" }.joined(separator: "+") } ?? ""
        let bRoutes = c.baseline.map { r in r.legs.map { "\($0.percent * 100)bp/\($0.pools.count)h" }.joined(separator: "+") } ?? (c.baselineSkipped ? "skipped" : "")
        csv += "\(c.pools),\(c.request.typeName),\(c.limits.maxHops),\(c.limits.maxSplits),\(c.request.pair.rawValue),\(c.request.size.rawValue),\(c.request.tokenIn.checksummed),\(c.request.tokenOut.checksummed),\(c.request.amount.decimalString),\(c.engineSeconds),\(c.baselineSeconds.map { "\($0)" } ?? ""),\(eAmount),\(bAmount),\(c.diffBps.map { "\($0)" } ?? ""),\(eRoutes),\(bRoutes),\(c.baseline.map { "\($0.paths)" } ?? ""),\(c.baseline.map { "\($0.swaps)" } ?? ""),\(c.engineError.map { $0.code } ?? "")\n"
    }
    try csv.write(toFile: file, atomically: true, encoding: .utf8)
    print("")
    print("Per-case results written to \(file)")
}
