import Market
import Testing

/// Keccak-256 as Ethereum uses it (original Keccak padding, not FIPS SHA3-256). Expected digests
/// were computed independently with pycryptodome's `Crypto.Hash.keccak` (digest_bits=256).
@Suite struct Keccak256Tests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    static func digest(_ text: String) -> String { hex(Keccak256.hash(Array(text.utf8))) }

    /// Bytes 0, 1, 2, … (mod 256): a pattern that catches lane and byte-order mistakes.
    static func counting(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0) } }

    @Test func emptyInput() {
        // Distinguishes Keccak from SHA3-256 (whose empty digest is a7ffc6f8…).
        #expect(Self.digest("") == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    }

    @Test func shortInput() {
        #expect(Self.digest("abc") == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
    }

    /// The rate is 136 bytes: 135 pads within one block (0x81 in one byte), 136 needs a whole
    /// padding block, 137 and up span two data blocks, 272 is exactly two.
    @Test(arguments: [
        (135, "cbdfd9dee5faad3818d6b06f95a219fd290b0e1706f6a82e5a595b9ce9faca62"),
        (136, "7ce759f1ab7f9ce437719970c26b0a66ff11fe3e38e17df89cf5d29c7d7f807e"),
        (137, "ac73d4fae68b8453f764007c1a20ce95994187861f0c3227a3a8e99a73a3b1db"),
        (200, "bfb0aa97863e797943cf7c33bb7e880bb4543f3d2703c0923c6901c2af57b890"),
        (272, "fdf2ec49e749960d3c8521a0219af8d03e30e2b3bf19bd16150ee0eaf133d66e"),
    ])
    func inputsAroundTheRateBoundary(length: Int, expected: String) {
        #expect(Self.hex(Keccak256.hash(Self.counting(length))) == expected)
    }

    @Test func repeatedByteInputAcrossTwoBlocks() {
        #expect(Self.digest(String(repeating: "a", count: 200)) == "96ea54061def936c4be90b518992fdc6f12f535068a256229aca54267b4d084d")
    }

    /// The `rpc` indexer filters logs by these topics; a wrong hash silently matches nothing.
    @Test func eventTopics() {
        #expect(Self.digest("Swap(address,address,int256,int256,uint160,uint128,int24)") == "c42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67")
        #expect(Self.digest("Transfer(address,address,uint256)") == "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")
    }

    @Test func acceptsAnySequenceAndAlwaysReturns32Bytes() {
        let fromArray = Keccak256.hash(Self.counting(200))
        let fromRange = Keccak256.hash((0..<200).lazy.map { UInt8(truncatingIfNeeded: $0) })
        #expect(fromArray == fromRange)
        #expect(fromArray.count == 32)
        #expect(Keccak256.hash([UInt8]()).count == 32)
    }

    @Test func oneBitChangesTheDigest() {
        var message = Self.counting(136)
        let before = Keccak256.hash(message)
        message[135] ^= 1
        #expect(Keccak256.hash(message) != before)
    }
}
