import DEXMath
import Foundation
import Market
import Routing
import ServiceKit
@testable import RouterService

/// A small hand-built market: WETH/USDC concentrated (0.05 %, around 3000 USDC per WETH, a
/// full-range position plus a narrow one so large swaps cross ticks) and USDC/DAI
/// constant-product (0.30 %, 10 M each side).
enum TestMarket {
    static let weth = Token(address: Address("0x4200000000000000000000000000000000000006")!, symbol: "WETH", decimals: 18)
    static let usdc = Token(address: Address("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913")!, symbol: "USDC", decimals: 6)
    static let dai = Token(address: Address("0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb")!, symbol: "DAI", decimals: 18)
    /// Not in any pool: requests naming it must fail with INVALID_TOKEN.
    static let stranger = Address("0x00000000000000000000000000000000000000aa")!

    static let wethUsdcAddress = Address("0x1000000000000000000000000000000000000001")!
    static let usdcDaiAddress = Address("0x2000000000000000000000000000000000000002")!

    /// token1 (USDC, 6 decimals) per token0 (WETH, 18 decimals) ≈ 3000e6 / 1e18 at tick -196256.
    static func wethUsdcPool() throws -> ConcentratedPool {
        var pool = try ConcentratedPool(fee: 500, tickSpacing: 10, initialSqrtPriceX96: try TickMath.sqrtPriceAtTick(-196_256))
        try pool.mint(tickLower: -887_270, tickUpper: 887_270, amount: 2_000_000_000_000_000)
        try pool.mint(tickLower: -196_500, tickUpper: -196_000, amount: 30_000_000_000_000_000)
        return pool
    }

    static func usdcDaiPool() throws -> ConstantProductPool {
        // token0 = DAI (lower address), token1 = USDC.
        try ConstantProductPool(fee: 3000, reserve0: UInt256("10000000000000000000000000")!, reserve1: UInt256(10_000_000_000_000))
    }

    static func snapshot(sequence: UInt64 = 7) throws -> MarketSnapshot {
        MarketSnapshot(chainId: 8453, sequence: sequence, tokens: [weth, usdc, dai], pools: [
            MarketPool(address: wethUsdcAddress, token0: weth.address, token1: usdc.address, state: .concentrated(try wethUsdcPool())),
            MarketPool(address: usdcDaiAddress, token0: dai.address, token1: usdc.address, state: .constantProduct(try usdcDaiPool())),
        ])
    }
}

/// A router wired as `serve` wires it, minus the listening sockets.
struct TestRouter {
    let metrics: MetricsRegistry
    let state: RouterState
    let service: QuoteService
    let router: Router<BasicRequestContext>

    init(loaded: Bool = true, limits: RouterRoutes.Limits = .init(maxBodyBytes: 16 * 1024, maxBatchRequests: 5),
         defaults: QuoteDefaults = QuoteDefaults()) throws {
        metrics = MetricsRegistry(descriptions: RouterMetrics.descriptions)
        let routerMetrics = RouterMetrics(factory: metrics.factory)
        state = RouterState(metrics: routerMetrics, maxAge: nil)
        service = QuoteService(state: state, engine: QuoteEngine(), cacheSize: 100, metrics: routerMetrics)
        router = RouterRoutes.router(service: service, defaults: defaults, metrics: metrics, limits: limits)
        if loaded { state.load(try TestMarket.snapshot()) }
    }

    var app: some ApplicationProtocol { Application(router: router) }
}

import Hummingbird
import HummingbirdTesting

extension TestClientProtocol {
    func post(_ uri: String, json: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: json))
    }

    func get(_ uri: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .get)
    }
}

extension TestResponse {
    var json: [String: Any] {
        get throws {
            let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
            guard let dictionary = object as? [String: Any] else { throw JSONShapeError(text: String(buffer: body)) }
            return dictionary
        }
    }

    var envelope: APIError.Envelope.Body {
        get throws { try JSONDecoder().decode(APIError.Envelope.self, from: Data(body.readableBytesView)).error }
    }

    var text: String { String(buffer: body) }
}

struct JSONShapeError: Error, CustomStringConvertible {
    var text: String
    var description: String { "not a JSON object: \(text.prefix(300))" }
}
