import ChainIndexer
import DEXMath
import Market
import Testing

@Suite struct ABIDecodingTests {
    /// topic0 = keccak256(signature), pinned to the values explorers and Uniswap's own
    /// subgraphs use, and the ERC-20 selectors to the 4-byte directory's.
    @Test func topicsAndSelectorsAreTheWellKnownConstants() {
        #expect(UniswapV3ABI.swapTopic.description == "0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67")
        #expect(UniswapV3ABI.mintTopic.description == "0x7a53080ba414158be7ec69b987b5fb7d07dee101fe85488f0853ae16239d0bde")
        #expect(UniswapV3ABI.burnTopic.description == "0x0c396cd989a39f4459b5fa1aed6a9a8dcdbc45908acfd67e028cd568da98982c")
        #expect(UniswapV3ABI.initializeTopic.description == "0x98636036cb66a9c19a37435efc1e90142190214e8abeb821bdba3f2990dd4c95")
        #expect(UniswapV3ABI.poolCreatedTopic.description == "0x783cca1c0412dd0d695e784568c96da2e9c22ff989357a2e8b1d9b2b4e6b7118")
        #expect(UniswapV2ABI.pairCreatedTopic.description == "0x0d3648bd0f6ba80134a33ba9275ac585d9d315f0ad8355cddefde31afa28d0e9")
        #expect(UniswapV2ABI.syncTopic.description == "0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1")
        #expect(UniswapV2ABI.swapTopic.description == "0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822")
        #expect(PoolBootstrapper.slot0Selector == [0x38, 0x50, 0xc7, 0xbd])
        #expect(PoolBootstrapper.liquiditySelector == [0x1a, 0x68, 0x65, 0x02])
        #expect(PoolBootstrapper.tickBitmapSelector == [0x53, 0x39, 0xc2, 0x96])
        #expect(PoolBootstrapper.ticksSelector == [0xf3, 0x0d, 0xba, 0x93])
        #expect(PoolBootstrapper.getReservesSelector == [0x09, 0x02, 0xf1, 0xac])
        #expect(UniswapV3ABI.symbolSelector == [0x95, 0xd8, 0x9b, 0x41])
        #expect(UniswapV3ABI.nameSelector == [0x06, 0xfd, 0xde, 0x03])
        #expect(UniswapV3ABI.decimalsSelector == [0x31, 0x3c, 0xe5, 0x67])
    }

    static func log(_ address: Address = TestMarket.poolAB, topics: [Hash32], data: [UInt8]) -> EthLog {
        EthLog(address: address, topics: topics, data: data, blockNumber: 1, blockHash: .test("b"), transactionHash: .test("t"), logIndex: 0)
    }

    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var chars = Array(text.utf8)
        if chars.starts(with: Array("0x".utf8)) { chars.removeFirst(2) }
        for i in stride(from: 0, to: chars.count, by: 2) { bytes.append(hexNibble(chars[i])! << 4 | hexNibble(chars[i + 1])!) }
        return bytes
    }

    /// A mainnet WETH/LOOKS pool Swap, its data and decoded values as published in a public
    /// Q&A about decoding negative amounts (the indexed sender/recipient are not in the data).
    @Test func decodesAPublishedMainnetSwap() throws {
        let data = Self.hex("ffffffffffffffffffffffffffffffffffffffffffffffffdacb2cb45d2d8000"
            + "00000000000000000000000000000000000000000000016edc8bc819f8b8b509"
            + "00000000000000000000000000000000000000324b97f19a3936459e285115b7"
            + "00000000000000000000000000000000000000000000053f31c5c8cac5d23340"
            + "000000000000000000000000000000000000000000000000000000000001321a")
        let log = Self.log(topics: [UniswapV3ABI.swapTopic, LogEncoder.topic(TestMarket.trader), LogEncoder.topic(TestMarket.lp)], data: data)
        guard case .swap(let swap) = try UniswapV3LogDecoder.decode(log) else { Issue.record("not a swap"); return }
        #expect(swap.amount0.description == "-2681000000000000000")
        #expect(swap.amount1.description == "6767400346701675410697")
        #expect(swap.sqrtPriceX96.description == "3984803190183823086827191997879")
        #expect(swap.liquidity == UInt128("24777563784443426124608")!)
        #expect(swap.tick == 78362)
        #expect(swap.sender == TestMarket.trader && swap.recipient == TestMarket.lp && swap.pool == TestMarket.poolAB)
    }

    /// Every event of the test market survives encode → decode unchanged (negative ticks,
    /// negative amounts, full-width uint256 amounts included).
    @Test func roundTripsEveryEventKind() throws {
        let market = TestMarket(blocks: 30)
        var kinds = Set<MarketEvent.Kind>()
        for event in market.events {
            let encoded = try #require(LogEncoder.encode(event, factory: TestMarket.factory))
            let decoded = try UniswapV3LogDecoder.decode(Self.log(encoded.address, topics: encoded.topics, data: encoded.data))
            #expect(decoded == event.payload)
            kinds.insert(event.kind)
        }
        #expect(kinds == [.poolCreated, .initialize, .mint, .burn, .swap])
        let extreme = MarketEvent.Payload.mint(.init(pool: TestMarket.poolAB, sender: TestMarket.lp, owner: TestMarket.trader, tickLower: -887_272, tickUpper: 887_272,
                                                     amount: .max, amount0: .max, amount1: .zero))
        let encoded = try #require(LogEncoder.encode(MarketEvent(context: market.events[0].context, payload: extreme), factory: TestMarket.factory))
        #expect(try UniswapV3LogDecoder.decode(Self.log(encoded.address, topics: encoded.topics, data: encoded.data)) == extreme)
    }

    @Test func decodesV2PairLogs() throws {
        let market = TestMarket(blocks: 3)
        let context = market.events[0].context
        let pair = Address("0x7777777777777777777777777777777777777777")!
        let payloads: [MarketEvent.Payload] = [
            .poolCreated(.init(pool: pair, kind: .constantProduct, token0: TestMarket.tokenA.address, token1: TestMarket.tokenB.address, fee: 3000, tickSpacing: nil)),
            .sync(.init(pool: pair, reserve0: (UInt256.one << 112) &- .one, reserve1: UInt256(5))),
            .pairSwap(.init(pool: pair, sender: TestMarket.trader, recipient: TestMarket.lp, amount0In: UInt256(7), amount1In: .zero, amount0Out: .zero, amount1Out: UInt256(3))),
        ]
        for payload in payloads {
            let encoded = try #require(LogEncoder.encode(MarketEvent(context: context, payload: payload), factory: TestMarket.factory, v2Factory: TestMarket.factory))
            #expect(try UniswapV2LogDecoder.decode(Self.log(encoded.address, topics: encoded.topics, data: encoded.data), fee: 3000) == payload)
        }
        #expect(throws: ABIDecodingError.outOfRange(event: "Sync", field: "reserve0", type: "uint112")) {
            try UniswapV2LogDecoder.decode(Self.log(pair, topics: [UniswapV2ABI.syncTopic], data: LogEncoder.word(UInt256.one << 112) + LogEncoder.word(.one)), fee: 3000)
        }
    }

    @Test func refusesMalformedLogsNamingTheProblem() throws {
        let swapTopics = [UniswapV3ABI.swapTopic, LogEncoder.topic(TestMarket.trader), LogEncoder.topic(TestMarket.lp)]
        let good = LogEncoder.word(signed: -5) + LogEncoder.word(signed: 7) + LogEncoder.word(UInt256(1) << 96) + LogEncoder.word(UInt256(10)) + LogEncoder.word(signed: -3)
        _ = try UniswapV3LogDecoder.decode(Self.log(topics: swapTopics, data: good))

        #expect(throws: ABIDecodingError.dataLength(event: "Swap", expected: 160, got: 128)) {
            try UniswapV3LogDecoder.decode(Self.log(topics: swapTopics, data: Array(good.prefix(128))))
        }
        #expect(throws: ABIDecodingError.topicCount(event: "Swap", expected: 3, got: 2)) {
            try UniswapV3LogDecoder.decode(Self.log(topics: Array(swapTopics.prefix(2)), data: good))
        }
        // tick = 2^23 does not fit int24.
        var badTick = good
        badTick.replaceSubrange(128..<160, with: LogEncoder.word(UInt256(UInt64(1) << 23)))
        #expect(throws: ABIDecodingError.outOfRange(event: "Swap", field: "tick", type: "int24")) {
            try UniswapV3LogDecoder.decode(Self.log(topics: swapTopics, data: badTick))
        }
        // sqrtPriceX96 = 2^160 does not fit uint160.
        var badPrice = good
        badPrice.replaceSubrange(64..<96, with: LogEncoder.word(UInt256(1) << 160))
        #expect(throws: ABIDecodingError.outOfRange(event: "Swap", field: "sqrtPriceX96", type: "uint160")) {
            try UniswapV3LogDecoder.decode(Self.log(topics: swapTopics, data: badPrice))
        }
        // An indexed address with dirty high bytes.
        var dirty = LogEncoder.word(TestMarket.trader)
        dirty[0] = 1
        #expect(throws: ABIDecodingError.outOfRange(event: "Swap", field: "sender", type: "address")) {
            try UniswapV3LogDecoder.decode(Self.log(topics: [swapTopics[0], Hash32(bytes: dirty)!, swapTopics[2]], data: good))
        }
        // uint24 fee above 2^24 in PoolCreated.
        let created = [UniswapV3ABI.poolCreatedTopic, LogEncoder.topic(TestMarket.tokenA.address), LogEncoder.topic(TestMarket.tokenB.address), LogEncoder.topic(UInt256(UInt64(1) << 24))]
        #expect(throws: ABIDecodingError.outOfRange(event: "PoolCreated", field: "fee", type: "uint24")) {
            try UniswapV3LogDecoder.decode(Self.log(TestMarket.factory, topics: created, data: LogEncoder.word(signed: 60) + LogEncoder.word(TestMarket.poolAB)))
        }
        #expect(throws: ABIDecodingError.unknownTopic(Hash32.test("x").description)) {
            try UniswapV3LogDecoder.decode(Self.log(topics: [.test("x")], data: []))
        }
    }

    @Test func signedWordsMustBeProperSignExtensions() {
        // -1 as int24 is all ones; 0x00..00ffffff is 16777215, which int24 cannot hold.
        let minusOne = LogEncoder.word(signed: -1)
        let initialize = { (tick: [UInt8]) in
            try UniswapV3LogDecoder.decode(Self.log(topics: [UniswapV3ABI.initializeTopic], data: LogEncoder.word(UInt256(1) << 96) + tick))
        }
        #expect((try? initialize(minusOne)) == .initialize(.init(pool: TestMarket.poolAB, sqrtPriceX96: UInt256(1) << 96, tick: -1)))
        #expect(throws: ABIDecodingError.outOfRange(event: "Initialize", field: "tick", type: "int24")) {
            try initialize(LogEncoder.word(UInt256(0xFF_FFFF)))
        }
        #expect(throws: ABIDecodingError.outOfRange(event: "Initialize", field: "tick", type: "int24")) {
            try initialize(LogEncoder.word(signed: -(1 << 23) - 1))
        }
    }
}
