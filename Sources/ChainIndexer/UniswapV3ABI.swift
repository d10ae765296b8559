import Market

/// The Uniswap v3 signatures the indexer reads. Topics and selectors are computed from the
/// canonical signatures (keccak-256), so a typo cannot hide behind a pasted constant; the tests
/// pin them to the published values.
public enum UniswapV3ABI {
    public static let poolCreatedSignature = "PoolCreated(address,address,uint24,int24,address)"
    public static let initializeSignature = "Initialize(uint160,int24)"
    public static let mintSignature = "Mint(address,address,int24,int24,uint128,uint256,uint256)"
    public static let burnSignature = "Burn(address,int24,int24,uint128,uint256,uint256)"
    public static let swapSignature = "Swap(address,address,int256,int256,uint160,uint128,int24)"

    public static let poolCreatedTopic = topic(poolCreatedSignature)
    public static let initializeTopic = topic(initializeSignature)
    public static let mintTopic = topic(mintSignature)
    public static let burnTopic = topic(burnSignature)
    public static let swapTopic = topic(swapSignature)

    /// The pool events, in the order a topic filter lists them.
    public static let poolTopics = [initializeTopic, mintTopic, burnTopic, swapTopic]

    /// ERC-20 metadata and the pool reads used to bootstrap, as 4-byte selectors.
    public static let symbolSelector = selector("symbol()")
    public static let nameSelector = selector("name()")
    public static let decimalsSelector = selector("decimals()")

    public static func topic(_ signature: String) -> Hash32 {
        Hash32.keccak(Array(signature.utf8))
    }

    public static func selector(_ signature: String) -> [UInt8] {
        Array(Keccak256.hash(Array(signature.utf8)).prefix(4))
    }
}
