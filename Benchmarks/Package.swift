// swift-tools-version: 6.1
import PackageDescription

// SwiftPM names a path dependency after its directory, so the products of the main package are
// referenced by that directory's name, whatever the checkout is called.
let mainPackage = Context.packageDirectory.split(separator: "/").dropLast().last.map { $0.lowercased() } ?? "main"

// Benchmarks for DEXMath and Market, kept in their own package so the main package does not
// depend on package-benchmark. Run with `swift package benchmark` from this directory.
let package = Package(
    name: "BaseBookBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Deterministic operands and the baseline reference implementations, shared by the
        // benchmarks and the profiling driver so both measure the same inputs.
        .target(
            name: "BenchmarkInputs",
            dependencies: [
                .product(name: "DEXMath", package: mainPackage),
                .product(name: "Market", package: mainPackage),
            ]
        ),
        .executableTarget(
            name: "DEXMathBenchmarks",
            dependencies: [
                "BenchmarkInputs",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "DEXMath", package: mainPackage),
                .product(name: "Market", package: mainPackage),
            ],
            path: "Benchmarks/DEXMathBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        // `dexmath-profile <kernel> <operations>`: the same kernels without the harness, for
        // callgrind (scripts/instructions-per-op.sh). Not a benchmark target: the plugin only
        // runs executables under Benchmarks/.
        .executableTarget(
            name: "dexmath-profile",
            dependencies: [
                "BenchmarkInputs",
                .product(name: "DEXMath", package: mainPackage),
                .product(name: "Market", package: mainPackage),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
