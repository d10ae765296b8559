import ChainIndexer
import DEXMath
import Market
import Testing

@Suite struct TokenMetadataTests {
    static let weird = Address("0x4444444444444444444444444444444444444444")!
    static let broken = Address("0x5555555555555555555555555555555555555555")!
    static let empty = Address("0x6666666666666666666666666666666666666666")!

    @Test func readsStringsBytes32AndFallsBackOnReverts() async throws {
        let node = TestNode(chain: TestMarket(blocks: 5).chain)
        await node.update {
            $0.tokens = TestMarket.nodeTokens()
            $0.tokens[Self.weird] = .bytes32(symbol: "MKR", decimals: 18)
            $0.tokens[Self.broken] = .reverting
        }
        let capture = LogCapture()
        let rpc = EthereumRPC(client: Harness.client(NodeTransport(nodes: ["http://node-a": node])))
        let builtin = Token(address: TestMarket.tokenC.address, symbol: "LISTED", decimals: 2, name: "From the list")
        let reader = TokenMetadataReader(rpc: rpc, builtin: [builtin], logger: capture.logger)
        let tokens = try await reader.tokens([TestMarket.tokenA.address, TestMarket.tokenC.address, Self.weird, Self.broken, Self.empty], atBlock: 5)
        #expect(tokens == [
            TestMarket.tokenA,
            builtin,
            Token(address: Self.weird, symbol: "MKR", decimals: 18, name: "MKR"),
            Token(address: Self.broken, symbol: "UNKNOWN", decimals: 18, name: nil),
            Token(address: Self.empty, symbol: "UNKNOWN", decimals: 18, name: nil),
        ])
        #expect(capture.contains(level: .warning, "token=\(Self.broken)"))
        #expect(capture.contains(level: .warning, "token=\(Self.empty)"))
        #expect(!capture.contains(level: .warning, "token=\(TestMarket.tokenA.address)"))
    }

    @Test func stringDecodingIsStrict() {
        #expect(TokenMetadataReader.decodeString(LogEncoder.string("USDC")) == "USDC")
        #expect(TokenMetadataReader.decodeString(LogEncoder.string("")) == nil)
        #expect(TokenMetadataReader.decodeString(Array(LogEncoder.string("USDC").prefix(63))) == nil)
        // Length beyond the data.
        var long = LogEncoder.string("USDC")
        long.replaceSubrange(32..<64, with: LogEncoder.word(UInt256(1000)))
        #expect(TokenMetadataReader.decodeString(long) == nil)
        // bytes32 with garbage after the terminator is not a padded string.
        var bytes32 = Array("DAI".utf8) + [UInt8](repeating: 0, count: 29)
        #expect(TokenMetadataReader.decodeString(bytes32) == "DAI")
        bytes32[20] = 7
        #expect(TokenMetadataReader.decodeString(bytes32) == nil)
        #expect(TokenMetadataReader.decodeDecimals(LogEncoder.word(UInt256(6))) == 6)
        #expect(TokenMetadataReader.decodeDecimals(LogEncoder.word(UInt256(256))) == nil)
    }
}
