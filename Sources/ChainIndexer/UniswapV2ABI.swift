import Market

/// The Uniswap v2 (constant-product) signatures, for deployments that run v2 pairs beside
/// their v3 pools (`V2_FACTORY_ADDRESS`): the factory's `PairCreated` and the pair's `Sync`
/// and `Swap`. Topics are computed from the signatures and pinned by the tests.
public enum UniswapV2ABI {
    public static let pairCreatedSignature = "PairCreated(address,address,address,uint256)"
    public static let syncSignature = "Sync(uint112,uint112)"
    public static let swapSignature = "Swap(address,uint256,uint256,uint256,uint256,address)"

    public static let pairCreatedTopic = UniswapV3ABI.topic(pairCreatedSignature)
    public static let syncTopic = UniswapV3ABI.topic(syncSignature)
    public static let swapTopic = UniswapV3ABI.topic(swapSignature)

    public static let pairTopics = [syncTopic, swapTopic]
}
