// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "BaseBook",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DEXMath", targets: ["DEXMath"]),
        .library(name: "Market", targets: ["Market"]),
        .executable(name: "basebook-api", targets: ["basebook-api"]),
        .executable(name: "basebook-router", targets: ["basebook-router"]),
        .executable(name: "basebook-frontend", targets: ["basebook-frontend"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Domain: pure Swift, no server framework, no Foundation in the hot paths.
        .target(name: "DEXMath"),
        .target(name: "Market", dependencies: ["DEXMath"]),

        // Services.
        .target(name: "RouterService", dependencies: ["DEXMath", "Market"]),

        // Thin mains.
        .executableTarget(
            name: "basebook-api",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "basebook-router",
            dependencies: [
                "RouterService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "basebook-frontend",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .target(name: "TestSupport", dependencies: ["DEXMath"], path: "Tests/TestSupport"),
        .testTarget(name: "DEXMathTests", dependencies: ["DEXMath", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "MarketTests", dependencies: ["DEXMath", "Market", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "RouterServiceTests", dependencies: ["RouterService", "Market", "DEXMath"]),
    ],
    swiftLanguageModes: [.v6]
)
