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
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        // `ws-fanout-server`: the backend's WebSocket server fed a timestamped swap stream, for
        // load/ws-fanout/run.sh's delivery-latency measurement.
        .executableTarget(
            name: "ws-fanout-server",
            dependencies: [
                .product(name: "BackendAPI", package: mainPackage),
                .product(name: "ServiceKit", package: mainPackage),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "load/ws-fanout/Server"
        ),
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
        // MARK: Routing (engine vs baseline; see README "Routing")
        // The deterministic markets and request set shared by the routing benchmarks, the
        // comparison and the load-test helper.
        .target(
            name: "RoutingWorkload",
            dependencies: [
                .product(name: "DEXMath", package: mainPackage),
                .product(name: "Market", package: mainPackage),
            ]
        ),
        // The reference router: exhaustive paths + Uniswap-SOR-style 5 % greedy split grid.
        // Shares no code with Routing; simulates with Market's pool swaps.
        .target(
            name: "BaselineRouter",
            dependencies: [
                .product(name: "DEXMath", package: mainPackage),
                .product(name: "Market", package: mainPackage),
            ]
        ),
        .executableTarget(
            name: "RoutingBenchmarks",
            dependencies: [
                "RoutingWorkload",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "DEXMath", package: mainPackage),
                .product(name: "Market", package: mainPackage),
                .product(name: "Routing", package: mainPackage),
            ],
            path: "Benchmarks/RoutingBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        // `route-compare`: engine vs baseline on the same requests (run with -c release).
        .executableTarget(
            name: "route-compare",
            dependencies: [
                "BaselineRouter", "RoutingWorkload",
                .product(name: "DEXMath", package: mainPackage),
                .product(name: "Market", package: mainPackage),
                .product(name: "Routing", package: mainPackage),
            ]
        ),
        // `routing-market snapshot|requests`: the state file and request bodies of the HTTP load test.
        .executableTarget(
            name: "routing-market",
            dependencies: [
                "RoutingWorkload",
                .product(name: "Market", package: mainPackage),
            ]
        ),
        .testTarget(
            name: "BaselineRouterTests",
            dependencies: [
                "BaselineRouter", "RoutingWorkload",
                .product(name: "DEXMath", package: mainPackage),
                .product(name: "Market", package: mainPackage),
                .product(name: "Routing", package: mainPackage),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
