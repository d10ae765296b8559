import DEXMath
import Market

/// A tiny two-token market built from events, for the event-application and analytics tests.
enum MarketEventFixtures {
    static let chainId: UInt64 = 8453
    static let usdc = Token(address: Address("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913")!, symbol: "USDC", decimals: 6, name: "USD Coin")
    static let weth = Token(address: Address("0x4200000000000000000000000000000000000006")!, symbol: "WETH", decimals: 18, name: "Wrapped Ether")
    static let tail = Token(address: Address("0x0000000000000000000000000000000000000b0b")!, symbol: "TAIL", decimals: 18, name: "Tail")
    static let pool = Address("0x00000000000000000000000000000000000000a1")!
    static let tailPool = Address("0x00000000000000000000000000000000000000a2")!
    static let owner = Address("0x00000000000000000000000000000000000000e1")!
    static let trader = Address("0x00000000000000000000000000000000000000e2")!

    /// WETH (token0, 0x42…) / USDC (token1, 0x83…) at about 3,000 USDC per WETH.
    static let wethUsdcTick: Int32 = -196_260

    static func context(_ n: UInt32, timestamp: Int64 = 1_750_000_000, block: UInt64? = nil) -> EventContext {
        EventContext(chainId: chainId, blockNumber: block ?? UInt64(1_000 + n), blockHash: Hash32.keccak(Array("block\(block ?? UInt64(n))".utf8)),
                     txHash: Hash32.keccak(Array("tx\(n)".utf8)), logIndex: n % 7, timestamp: timestamp)
    }

    static func event(_ n: UInt32, _ payload: MarketEvent.Payload, timestamp: Int64 = 1_750_000_000) -> MarketEvent {
        MarketEvent(context: context(n, timestamp: timestamp), payload: payload)
    }

    static func created() -> MarketEvent {
        event(1, .poolCreated(.init(pool: pool, kind: .concentrated, token0: weth.address, token1: usdc.address, fee: 500, tickSpacing: 10)))
    }

    static func initialized() throws -> MarketEvent {
        event(2, .initialize(.init(pool: pool, sqrtPriceX96: try TickMath.sqrtPriceAtTick(wethUsdcTick), tick: wethUsdcTick)))
    }

    static func mint(_ n: UInt32, liquidity: UInt128 = 10_000_000_000_000_000, lower: Int32 = -200_000, upper: Int32 = -192_000) -> MarketEvent {
        event(n, .mint(.init(pool: pool, sender: owner, owner: owner, tickLower: lower, tickUpper: upper, amount: liquidity, amount0: .zero, amount1: .zero)))
    }

    /// A state with the WETH/USDC pool created, initialized and holding one position.
    static func market() throws -> MarketState {
        var state = MarketState(chainId: chainId)
        state.register(usdc)
        state.register(weth)
        state.register(tail)
        try state.apply(created())
        try state.apply(initialized())
        try state.apply(mint(3))
        return state
    }

    /// A real swap of `amountIn` WETH computed with the pool math, as the `Swap` event reports it.
    static func swapEvent(_ n: UInt32, in state: MarketState, amountIn: UInt256, zeroForOne: Bool = true, timestamp: Int64) throws -> MarketEvent {
        guard case .concentrated(let pool) = state.pools[Self.pool]!.state else { fatalError("fixture pool is concentrated") }
        let limit = zeroForOne ? try TickMath.sqrtPriceAtTick(TickMath.minTick) + .one : try TickMath.sqrtPriceAtTick(TickMath.maxTick) - .one
        let result = try pool.swap(zeroForOne: zeroForOne, amountSpecified: Int256(exactly: amountIn)!, sqrtPriceLimitX96: limit)
        return event(n, .swap(.init(pool: Self.pool, sender: trader, recipient: trader, amount0: result.amount0, amount1: result.amount1,
                                    sqrtPriceX96: result.sqrtPriceX96, liquidity: result.liquidity, tick: result.tick)), timestamp: timestamp)
    }
}
