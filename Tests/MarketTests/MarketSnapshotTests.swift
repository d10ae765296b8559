import DEXMath
import Foundation
import Market
import Testing

@Suite struct MarketSnapshotTests {
    static let weth = Address("0x4200000000000000000000000000000000000006")!
    static let usdc = Address("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913")!
    static let dai = Address("0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb")!

    /// ARCHITECTURE.md's snapshot shape, filled with consistent numbers: a WETH/USDC 0.05 % pool at
    /// 3000 USDC per WETH (sqrtPriceX96 = ⌊√(3000·10^6/10^18)·2^96⌋, tick −196257) holding a
    /// full-range position and a range position around the price, and a DAI/USDC v2-style pair.
    static let example = #"""
    {"chainId": 8453, "sequence": 1234,
     "tokens": [
      {"address": "0x4200000000000000000000000000000000000006", "symbol": "WETH", "decimals": 18},
      {"address": "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913", "symbol": "USDC", "decimals": 6, "name": "USD Coin"},
      {"address": "0x50C5725949A6F0C72E6C4A641F24049A917DB0CB", "symbol": "DAI", "decimals": 18}],
     "pools": [
      {"address": "0xd0b53D9277642d899DF5C87A3966A349A798F224", "kind": "concentrated",
       "token0": "0x4200000000000000000000000000000000000006", "token1": "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
       "fee": 500, "tickSpacing": 10, "sqrtPriceX96": "4339505179874779489431521", "tick": -196257,
       "liquidity": "2054772255750516611",
       "ticks": [{"index": -887270, "liquidityNet": "54772255750516611"},
                 {"index": -197000, "liquidityNet": "2000000000000000000"},
                 {"index": -195500, "liquidityNet": "-2000000000000000000"},
                 {"index": 887270, "liquidityNet": "-54772255750516611"}]},
      {"address": "0x6d0d0a0e5b1a1b7c1c0e1e1d1c1b1a1918171615", "kind": "constantProduct",
       "token0": "0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb", "token1": "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
       "fee": 3000, "reserve0": "1000000000000000000000000", "reserve1": "1000000000000"}]}
    """#

    static func decode(_ json: String) throws -> MarketSnapshot {
        try JSONDecoder().decode(MarketSnapshot.self, from: Data(json.utf8))
    }

    /// The coding path of a decoding error as "pools.0.token1": what an API error names as the field.
    static func fieldPath(of error: any Error) -> String? {
        guard let error = error as? DecodingError else { return nil }
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
        @unknown default:
            return nil
        }
        return path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    static func expectRejected(_ json: String, at expectedPath: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try decode(json)
            Issue.record("decoded a snapshot that should fail at \(expectedPath)", sourceLocation: sourceLocation)
        } catch {
            #expect(error is DecodingError, "\(error)", sourceLocation: sourceLocation)
            #expect(fieldPath(of: error) == expectedPath, "\(error)", sourceLocation: sourceLocation)
        }
    }

    /// The example with one substring replaced; fails the test if the substring is not there,
    /// so a rejection test cannot pass by accident on an unchanged document.
    static func example(replacing target: String, with replacement: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        #expect(example.contains(target), "example lacks \(target)", sourceLocation: sourceLocation)
        return example.replacingOccurrences(of: target, with: replacement)
    }

    @Test func decodesTheArchitectureExample() throws {
        let snapshot = try Self.decode(Self.example)
        #expect(snapshot.chainId == 8453)
        #expect(snapshot.sequence == 1234)
        #expect(snapshot.tokens.map(\.symbol) == ["WETH", "USDC", "DAI"])
        #expect(snapshot.tokens.map(\.decimals) == [18, 6, 18])
        #expect(snapshot.tokens.map(\.address) == [Self.weth, Self.usdc, Self.dai])
        #expect(snapshot.tokens[1].name == "USD Coin" && snapshot.tokens[0].name == nil)
        #expect(snapshot.pools.count == 2)

        let v3 = snapshot.pools[0]
        #expect(v3.address.checksummed == "0xd0b53D9277642d899DF5C87A3966A349A798F224")
        #expect(v3.token0 == Self.weth && v3.token1 == Self.usdc)
        guard case .concentrated(let pool) = v3.state else {
            Issue.record("expected a concentrated pool")
            return
        }
        #expect(pool.fee == 500 && pool.tickSpacing == 10)
        #expect(pool.sqrtPriceX96 == UInt256("4339505179874779489431521"))
        #expect(pool.tick == -196_257)
        #expect(pool.liquidity == 2_054_772_255_750_516_611)
        #expect(pool.ticks.map(\.index) == [-887_270, -197_000, -195_500, 887_270])
        #expect(pool.ticks.map(\.liquidityNet) == [54_772_255_750_516_611, 2_000_000_000_000_000_000, -2_000_000_000_000_000_000, -54_772_255_750_516_611])
        // The tick the snapshot states is the one its price lies in.
        #expect(try TickMath.tickAtSqrtPrice(pool.sqrtPriceX96) == pool.tick)

        let v2 = snapshot.pools[1]
        #expect(v2.token0 == Self.dai && v2.token1 == Self.usdc)
        #expect(v2.state == .constantProduct(try ConstantProductPool(fee: 3000, reserve0: UInt256("1000000000000000000000000")!, reserve1: UInt256("1000000000000")!)))
    }

    /// 3000 USDC per WETH in raw units is 3000·10^6 / 10^18; the example's price must say so.
    @Test func examplePriceIsThreeThousandUSDCPerWETH() throws {
        guard case .concentrated(let pool) = try Self.decode(Self.example).pools[0].state else {
            Issue.record("expected a concentrated pool")
            return
        }
        // price·10^12 = sqrtPrice² · 10^12 / 2^192, in whole USDC per WETH.
        let usdcPerWeth = try FullMath.mulDiv(try pool.sqrtPriceX96 * pool.sqrtPriceX96, UInt256(1_000_000_000_000), UInt256.one << 192)
        #expect(usdcPerWeth == 2999) // ⌊2999.999…⌋: the square root was rounded down
    }

    @Test func roundTripsThroughJSON() throws {
        let snapshot = try Self.decode(Self.example)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(snapshot)
        let again = try JSONDecoder().decode(MarketSnapshot.self, from: data)
        #expect(again == snapshot)
        #expect(try encoder.encode(again) == data)

        let json = String(decoding: data, as: UTF8.self)
        // Addresses come back checksummed whatever case they went in; amounts stay strings.
        #expect(json.contains(#""address":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913""#))
        #expect(json.contains(#""address":"0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb""#))
        let pairAddress = try #require(Address("0x6d0d0a0e5b1a1b7c1c0e1e1d1c1b1a1918171615"))
        #expect(pairAddress.checksummed != pairAddress.lowercaseHex)
        #expect(json.contains(#""address":"\#(pairAddress.checksummed)""#))
        #expect(json.contains(#""sqrtPriceX96":"4339505179874779489431521""#))
        #expect(json.contains(#""liquidityNet":"-54772255750516611""#))
        #expect(json.contains(#""kind":"constantProduct""#))
        #expect(json.contains(#""reserve1":"1000000000000""#))
        #expect(json.contains(#""tick":-196257"#))
    }

    @Test func emptySnapshotRoundTrips() throws {
        let empty = MarketSnapshot(chainId: 8453, sequence: 0, tokens: [], pools: [])
        #expect(try JSONDecoder().decode(MarketSnapshot.self, from: JSONEncoder().encode(empty)) == empty)
    }

    @Test func rejectsToken0NotBelowToken1() {
        // Swapped order in the concentrated pool.
        let swapped = Self.example(
            replacing: #""token0": "0x4200000000000000000000000000000000000006", "token1": "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913""#,
            with: #""token0": "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "token1": "0x4200000000000000000000000000000000000006""#)
        Self.expectRejected(swapped, at: "pools.0.token1")
        // The same token twice (in a different case, still the same address).
        let same = Self.example(
            replacing: #""token0": "0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb""#,
            with: #""token0": "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913""#)
        Self.expectRejected(same, at: "pools.1.token1")
    }

    @Test func rejectsPoolWithUnlistedToken() {
        let withoutDAI = Self.example(
            replacing: #",\#n  {"address": "0x50C5725949A6F0C72E6C4A641F24049A917DB0CB", "symbol": "DAI", "decimals": 18}"#,
            with: "")
        Self.expectRejected(withoutDAI, at: "pools.1")
    }

    @Test(arguments: [
        (#""sqrtPriceX96": "4339505179874779489431521""#, #""sqrtPriceX96": "0x3e6f""#, "pools.0.sqrtPriceX96"),
        (#""sqrtPriceX96": "4339505179874779489431521""#, #""sqrtPriceX96": 4339505179874779489431521"#, "pools.0.sqrtPriceX96"),
        (#""liquidity": "2054772255750516611""#, #""liquidity": "-2054772255750516611""#, "pools.0.liquidity"),
        (#""liquidity": "2054772255750516611""#, #""liquidity": "340282366920938463463374607431768211456""#, "pools.0.liquidity"),
        (#""liquidityNet": "2000000000000000000""#, #""liquidityNet": "2e18""#, "pools.0.ticks.1.liquidityNet"),
        (#""liquidityNet": "-54772255750516611""#, #""liquidityNet": "- 54772255750516611""#, "pools.0.ticks.3.liquidityNet"),
        (#""reserve0": "1000000000000000000000000""#, #""reserve0": "1e24""#, "pools.1.reserve0"),
        (#""reserve1": "1000000000000""#, #""reserve1": "1000000000000.5""#, "pools.1.reserve1"),
        (#""reserve1": "1000000000000""#, #""reserve1": """#, "pools.1.reserve1"),
        (#""reserve1": "1000000000000""#, #""reserve1": null"#, "pools.1.reserve1"),
        (#", "reserve1": "1000000000000""#, "", "pools.1.reserve1"),
        (#""tick": -196257"#, #""tick": "-196257""#, "pools.0.tick"),
        (#""fee": 500"#, #""fee": "500""#, "pools.0.fee"),
        (#""decimals": 6"#, #""decimals": null"#, "tokens.1.decimals"),
        (#""address": "0x4200000000000000000000000000000000000006", "symbol""#, #""address": "0x42", "symbol""#, "tokens.0.address"),
        (#""kind": "constantProduct""#, #""kind": "stable""#, "pools.1.kind"),
    ])
    func rejectsMalformedFieldsNamingThem(target: String, replacement: String, path: String) {
        Self.expectRejected(Self.example(replacing: target, with: replacement), at: path)
    }

    /// Foundation on Linux reports a JSON number that does not fit the target integer type (a
    /// negative fee, 300 decimals) with an empty coding path; the decoders name the field anyway.
    @Test(arguments: [
        (#""fee": 500"#, #""fee": -500"#, "pools.0.fee"),
        (#""decimals": 6"#, #""decimals": 300"#, "tokens.1.decimals"),
        (#""tickSpacing": 10"#, #""tickSpacing": 4294967296"#, "pools.0.tickSpacing"),
    ])
    func outOfRangeIntegersAreRejected(target: String, replacement: String, path: String) {
        let json = Self.example(replacing: target, with: replacement)
        Self.expectRejected(json, at: path)
    }

    /// A state the swap math cannot trust (active liquidity ≠ Σ liquidityNet at or below the tick)
    /// is rejected as a whole pool.
    @Test func rejectsInconsistentPoolState() {
        Self.expectRejected(Self.example(replacing: #""liquidity": "2054772255750516611""#, with: #""liquidity": "54772255750516611""#), at: "pools.0")
        Self.expectRejected(Self.example(replacing: #""tick": -196257"#, with: #""tick": -196000"#), at: "pools.0")
    }
}
