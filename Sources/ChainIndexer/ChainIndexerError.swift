import Market

/// Why the `rpc` source stopped, or (for the transient cases) why a range is fetched again.
/// Every case is raised before the range's events reach the sink: a failed range changes nothing.
public enum ChainIndexerError: Error, Sendable, Hashable, CustomStringConvertible {
    case wrongChain(expected: UInt64, got: UInt64)
    /// A log whose topics/data do not match its event's ABI.
    case malformedLog(block: UInt64, logIndex: UInt32, transaction: Hash32, ABIDecodingError)
    /// A log from an address the filter did not ask for.
    case unexpectedLog(address: Address, block: UInt64, logIndex: UInt32)
    case duplicateLog(block: UInt64, logIndex: UInt32)
    /// The provider refuses `eth_getLogs` even for one block.
    case rangeRefused(block: UInt64, RPCError)
    /// The chain no longer contains an indexed block: see `DeepReorg`.
    case reorgBelowConfirmations(DeepReorg)
    /// Transient: the node does not have a block it reported (load-balanced nodes lag each other).
    case blockUnavailable(UInt64)
    /// Transient: a log's block hash differs from the header fetched after it (the chain moved
    /// between the two requests).
    case inconsistentView(block: UInt64, logBlockHash: Hash32, headerHash: Hash32)

    public var description: String {
        switch self {
        case .wrongChain(let expected, let got): "the RPC node is on chain \(got), CHAIN_ID is \(expected)"
        case .malformedLog(let block, let index, let tx, let error): "log \(index) of block \(block) (tx \(tx)): \(error)"
        case .unexpectedLog(let address, let block, let index): "log \(index) of block \(block) comes from \(address), which the filter did not ask for"
        case .duplicateLog(let block, let index): "log \(index) of block \(block) was returned twice"
        case .rangeRefused(let block, let error): "the provider refuses eth_getLogs even for the single block \(block): \(error)"
        case .reorgBelowConfirmations(let reorg): reorg.description
        case .blockUnavailable(let number): "the node does not have block \(number) yet"
        case .inconsistentView(let block, let logHash, let headerHash): "block \(block) changed between requests (log says \(logHash), header says \(headerHash))"
        }
    }

    var isTransient: Bool {
        switch self {
        case .blockUnavailable, .inconsistentView: true
        default: false
        }
    }
}

/// A reorganisation deeper than `CONFIRMATIONS`: a block whose events the sink already holds is
/// no longer on the chain. The source cannot undo applied events (the `EventSink` has no
/// rewind), so it stops and says where indexing is sound again.
///
/// What the owner of the sink must do (the backend's recovery):
/// 1. Find the last block still on the chain: `commonAncestor` when the source saw it (it keeps
///    the hashes of the blocks it indexed in this run), else
///    `RPCEventSource.commonAncestor(among:)` over the `(blockNumber, blockHash)` of its stored
///    events' contexts.
/// 2. Rebuild the market from the stored events of blocks ≤ that ancestor only (a fresh
///    `MarketState`, events applied in their stored order), and delete the later events.
/// 3. Call `run(resumingAfter: ancestor)`. Without an ancestor, start over: `run(resumingAfter: nil)`
///    from `START_BLOCK` on an empty state.
public struct DeepReorg: Sendable, Hashable, CustomStringConvertible {
    /// The indexed block that left the chain.
    public var checkpoint: IndexerCheckpoint
    /// What the chain has at that height now (nil: the node has no such block any more).
    public var chainHash: Hash32?
    /// The newest indexed block that is still on the chain, if the source knows one.
    public var commonAncestor: IndexerCheckpoint?
    /// The first block to index again.
    public var reindexFrom: UInt64

    public init(checkpoint: IndexerCheckpoint, chainHash: Hash32?, commonAncestor: IndexerCheckpoint?, reindexFrom: UInt64) {
        self.checkpoint = checkpoint
        self.chainHash = chainHash
        self.commonAncestor = commonAncestor
        self.reindexFrom = reindexFrom
    }

    public var description: String {
        let now = chainHash.map { "\($0)" } ?? "no block"
        let ancestor = commonAncestor.map { "common ancestor block \($0.blockNumber) (\($0.blockHash))" } ?? "no common ancestor among the blocks seen"
        return "REORG DEEPER THAN CONFIRMATIONS: indexed block \(checkpoint.blockNumber) (\(checkpoint.blockHash)) is no longer on the chain (it now has \(now)); \(ancestor); re-index from block \(reindexFrom) needed"
    }
}
