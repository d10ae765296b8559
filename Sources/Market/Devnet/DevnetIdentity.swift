/// Well-formed chain identities for the simulation: addresses and hashes are Keccak-256 of
/// what identifies the thing, as Ethereum derives them, so they look real and never collide.
enum DevnetIdentity {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// The last 20 bytes of keccak256(preimage): a pool like CREATE2 makes it, retried with the
    /// next nonce in the (astronomically unlikely) case the address is taken.
    static func poolAddress(seed: UInt64, token0: Address, token1: Address, kind: Pool.Kind, fee: UInt32, taken: inout Set<Address>) -> Address {
        var nonce: UInt64 = 0
        while true {
            let preimage = bytes("BaseBook devnet pool") + DevnetIntegers.bigEndian(seed) + token0.bytes + token1.bytes
                + bytes(kind.rawValue) + DevnetIntegers.bigEndian(UInt64(fee)) + DevnetIntegers.bigEndian(nonce)
            let address = Address(bytes: Keccak256.hash(preimage).suffix(20))
            if taken.insert(address).inserted { return address }
            nonce += 1
        }
    }

    /// An externally owned account of the simulation (`role` #`index`). Independent of the seed,
    /// so demo accounts (the liquidity providers' positions) stay the same across seeds.
    static func account(_ role: String, _ index: Int) -> Address {
        Address(bytes: Keccak256.hash(bytes("BaseBook devnet account ") + bytes(role) + DevnetIntegers.bigEndian(UInt64(index))).suffix(20))
    }

    static func blockHash(chainId: UInt64, seed: UInt64, number: UInt64, parent: Hash32) -> Hash32 {
        Hash32.keccak(bytes("BaseBook devnet block") + DevnetIntegers.bigEndian(chainId) + DevnetIntegers.bigEndian(seed)
            + DevnetIntegers.bigEndian(number) + parent.bytes)
    }

    /// A transaction hash: unique per (chain, seed, block, position in block).
    static func transactionHash(chainId: UInt64, seed: UInt64, block: UInt64, index: UInt64) -> Hash32 {
        Hash32.keccak(bytes("BaseBook devnet tx") + DevnetIntegers.bigEndian(chainId) + DevnetIntegers.bigEndian(seed)
            + DevnetIntegers.bigEndian(block) + DevnetIntegers.bigEndian(index))
    }
}
