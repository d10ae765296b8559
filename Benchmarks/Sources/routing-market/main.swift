// routing-market: what the HTTP load test needs, from the same generator and workload as the
// in-process benchmarks.
//
//   routing-market snapshot --pools N [--tokens M] [--seed S]   the snapshot JSON on stdout
//                                                              (what `basebook-router market` writes)
//   routing-market requests --pools N [--tokens M] [--seed S]   one POST /v1/quote body per line:
//                                                              the workload's exactIn and exactOut
//                                                              requests, hop/split limits varied
//
// The request bodies come from RoutingWorkload (6 pairs × 3 sizes × 2 types = 36 requests),
// each under limits rotating through 3×3, 4×3, 2×1, 3×2, 2×2, 4×1 hops × splits.

import Foundation
import Market
import RoutingWorkload

var args = CommandLine.arguments.dropFirst()
guard let command = args.popFirst(), ["snapshot", "requests"].contains(command) else {
    FileHandle.standardError.write(Data("usage: routing-market snapshot|requests --pools N [--tokens M] [--seed S]\n".utf8))
    exit(64)
}
var pools = 1_000, tokens: Int?, seed = WorkloadMarket.seed
var it = args.makeIterator()
while let arg = it.next() {
    guard let value = it.next() else { FileHandle.standardError.write(Data("\(arg) needs a value\n".utf8)); exit(64) }
    switch arg {
    case "--pools": pools = Int(value)!
    case "--tokens": tokens = Int(value)!
    case "--seed": seed = UInt64(value)!
    default: FileHandle.standardError.write(Data("unknown option \(arg)\n".utf8)); exit(64)
    }
}
let snapshot = try SyntheticMarket.generate(pools: pools, tokens: tokens ?? WorkloadMarket.tokenCount(pools: pools), seed: seed)
switch command {
case "snapshot":
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    var data = try encoder.encode(snapshot)
    data.append(0x0A)
    FileHandle.standardOutput.write(data)
default:
    let limits = [(3, 3), (4, 3), (2, 1), (3, 2), (2, 2), (4, 1)]
    var lines: [String] = []
    for exactIn in [true, false] {
        for request in WorkloadRequests.make(snapshot, exactIn: exactIn) {
            let (hops, splits) = limits[lines.count % limits.count]
            lines.append(request.jsonBody(maxHops: hops, maxSplits: splits))
        }
    }
    print(lines.joined(separator: "\n"))
}
