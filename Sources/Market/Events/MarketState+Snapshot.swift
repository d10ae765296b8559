extension MarketState {
    /// Every swappable pool and every token, in the snapshot format routers load.
    public func snapshot() -> MarketSnapshot {
        changes(after: 0)
    }

    /// The pools changed after `after`, each in full, with the tokens they pair: the change
    /// feed's answer. Sorted by address so equal states encode to equal bytes.
    public func changes(after: UInt64) -> MarketSnapshot {
        let changed = pools.values
            .filter { $0.lastSequence > after }
            .compactMap(\.marketPool)
            .sorted { $0.address < $1.address }
        let tokenAddresses = after == 0 ? Set(tokens.keys) : Set(changed.flatMap { [$0.token0, $0.token1] })
        let listed = tokenAddresses.compactMap { tokens[$0] }.sorted { $0.address < $1.address }
        return MarketSnapshot(chainId: chainId, sequence: sequence, tokens: listed, pools: changed)
    }
}
