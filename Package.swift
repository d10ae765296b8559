// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "BaseBook",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DEXMath", targets: ["DEXMath"]),
        .library(name: "Market", targets: ["Market"]),
        .library(name: "Routing", targets: ["Routing"]),
        .library(name: "ServiceKit", targets: ["ServiceKit"]),
        .library(name: "BackendAPI", targets: ["BackendAPI"]),
        .executable(name: "basebook-api", targets: ["basebook-api"]),
        .executable(name: "basebook-router", targets: ["basebook-router"]),
        .executable(name: "basebook-frontend", targets: ["basebook-frontend"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        // Domain: pure Swift, no server framework, no Foundation in the hot paths.
        .target(name: "DEXMath"),
        .target(name: "Market", dependencies: ["DEXMath"]),
        .target(name: "Routing", dependencies: ["DEXMath", "Market"]),

        // The data loop: one libuv thread owning every PostgreSQL (libpq) and Redis (hiredis) connection.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        .systemLibrary(name: "CLibUV", pkgConfig: "libuv", providers: [.apt(["libuv1-dev"])]),
        .target(name: "CDataLoopShims", dependencies: ["CHiredis", "CLibUV"]),
        .target(name: "DataLoop", dependencies: ["CLibPQ", "CHiredis", "CLibUV", "CDataLoopShims"]),

        // Services.
        // ServiceKit: what every service shares (config, JSON logs, metrics, errors, lifecycle);
        // it knows nothing of the domain, so the backend and frontend reuse it as is.
        .target(
            name: "ServiceKit",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "RouterService",
            dependencies: [
                "DEXMath", "Market", "Routing", "ServiceKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        .target(
            name: "ChainIndexer",
            dependencies: [
                "DEXMath", "Market",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "BackendAPI",
            dependencies: [
                "DEXMath", "Market", "ServiceKit", "DataLoop", "ChainIndexer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
        ),

        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "FrontendServer",
            dependencies: [
                "ServiceKit", "CZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // Thin mains.
        .executableTarget(
            name: "basebook-api",
            dependencies: [
                "BackendAPI", "ServiceKit", "Market",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "basebook-router",
            dependencies: [
                "RouterService", "ServiceKit", "Market",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "basebook-frontend",
            dependencies: [
                "FrontendServer", "ServiceKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .target(name: "TestSupport", dependencies: ["DEXMath"], path: "Tests/TestSupport"),
        .testTarget(name: "DEXMathTests", dependencies: ["DEXMath", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "MarketTests", dependencies: ["DEXMath", "Market", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "RoutingTests", dependencies: ["DEXMath", "Market", "Routing", "TestSupport"]),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: [
                "ServiceKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "DataLoopTests", dependencies: ["DataLoop"]),
        .testTarget(
            name: "FrontendServerTests",
            dependencies: [
                "FrontendServer", "ServiceKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "BackendAPITests",
            dependencies: [
                "BackendAPI", "RouterService", "Market", "DEXMath", "Routing", "ServiceKit", "DataLoop", "ChainIndexer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "ChainIndexerTests",
            dependencies: [
                "ChainIndexer", "Market", "DEXMath",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
        ),
        .testTarget(
            name: "RouterServiceTests",
            dependencies: [
                "RouterService", "Market", "DEXMath", "Routing", "ServiceKit", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
