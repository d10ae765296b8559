import Foundation
import Market
import Testing
import TestSupport

@Suite struct AddressTests {
    /// EIP-55's own vectors (EIPS/eip-55.md): mixed case, then all-caps and all-lower addresses
    /// whose hashes happen to select only one case.
    static let eip55Vectors = [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
    ]

    /// Real Base token addresses as block explorers print them (already checksummed).
    static let baseTokens = [
        "0x4200000000000000000000000000000000000006", // WETH
        "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", // USDC
        "0xd9aAEc86B65D86f6A7B5B1b0c42FFA531710b6CA", // USDbC
        "0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb", // DAI
        "0x2Ae3F1Ec7F1F5012CFEab0185bfc7aa3cf0DEc22", // cbETH
    ]

    @Test(arguments: eip55Vectors + baseTokens)
    func checksumMatchesEIP55(vector: String) throws {
        let address = try #require(Address(vector))
        #expect(address.checksummed == vector)
        #expect(address.description == vector)
        #expect(address.lowercaseHex == vector.lowercased())
    }

    @Test(arguments: eip55Vectors)
    func parsesAnyCase(vector: String) throws {
        let expected = try #require(Address(vector))
        let body = vector.dropFirst(2)
        for variant in ["0x" + body.lowercased(), "0x" + body.uppercased(), "0X" + body.uppercased()] {
            #expect(Address(variant) == expected, "\(variant)")
            #expect(Address(variant)?.checksummed == vector)
        }
    }

    /// A wrong checksum is accepted: clients paste addresses in all sorts of forms, and the
    /// value is still unambiguous. (Address is documented to behave this way.)
    @Test func wrongChecksumStillParses() throws {
        let flipped = "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
        let address = try #require(Address(flipped))
        #expect(address.checksummed == "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
    }

    @Test(arguments: [
        "",
        "0x",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", // 39 digits
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed0", // 41 digits
        "0x05aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed0", // 42 digits (a 21-byte value)
        "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", // no prefix
        "005aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", // right length, no prefix
        "1x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0y5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg", // g is not hex
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA d",
        " 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed ",
        "0x-aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAé", // 42 UTF-8 bytes, but é is not hex
        "0x５aAeb6053F3E94C9b9A09f33669435E7Ef1BeA", // full-width digit
    ])
    func rejectsMalformedText(text: String) {
        #expect(Address(text) == nil)
    }

    @Test func wethOnBase() throws {
        let weth = try #require(Address("0x4200000000000000000000000000000000000006"))
        #expect(weth == Address(high: 0x4200_0000_0000_0000, middle: 0, low: 6))
        #expect(weth.bytes == [0x42] + [UInt8](repeating: 0, count: 18) + [0x06])
        #expect(weth.checksummed == "0x4200000000000000000000000000000000000006")
    }

    @Test func bytesRoundTrip() throws {
        var rng = SplitMix64(seed: 55)
        for _ in 0..<200 {
            let bytes = (0..<20).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let address = Address(bytes: bytes)
            #expect(address.bytes == bytes)
            #expect(Address(address.lowercaseHex) == address)
            #expect(Address(address.checksummed) == address)
        }
        #expect(Address.zero.lowercaseHex == "0x" + String(repeating: "0", count: 40))
    }

    /// token0 < token1 is decided by numeric value, i.e. big-endian byte order; a difference in
    /// the last byte must count less than one in the first, across the three internal words.
    @Test func ordersByNumericValue() throws {
        func address(_ hexDigits: String) -> Address { Address("0x" + String(repeating: "0", count: 40 - hexDigits.count) + hexDigits)! }
        let ascending = [
            Address.zero,
            address("1"),
            address("ff"),
            address("100000000"), // first bit of the middle word
            address("ffffffffffffffffffffffff"),
            address("1000000000000000000000000"), // first bit of the high word
            address("ffffffffffffffffffffffffffffffffffffffff"),
        ]
        for (i, lhs) in ascending.enumerated() {
            for (j, rhs) in ascending.enumerated() {
                #expect((lhs < rhs) == (i < j), "\(lhs) < \(rhs)")
            }
        }
        let weth = try #require(Address(Self.baseTokens[0]))
        let usdc = try #require(Address(Self.baseTokens[1]))
        let cbETH = try #require(Address(Self.baseTokens[4]))
        #expect(cbETH < weth && weth < usdc) // 0x2A… < 0x42… < 0x83…

        var rng = SplitMix64(seed: 56)
        let random = (0..<300).map { _ in Address(bytes: (0..<20).map { _ in UInt8.random(in: 0...255, using: &rng) }) }
        #expect(random.sorted() == random.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) })
        #expect(random.sorted().map(\.lowercaseHex) == random.map(\.lowercaseHex).sorted())
    }

    @Test func equalityAndHashingIgnoreCase() throws {
        let set: Set<Address> = [try #require(Address("0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359")),
                                 try #require(Address("0xFB6916095CA1DF60BB79CE92CE3EA74C37C5D359")),
                                 try #require(Address("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"))]
        #expect(set.count == 1)
    }

    @Test func encodesChecksummedAndDecodesAnyCase() throws {
        let address = try #require(Address(Self.baseTokens[1]))
        let data = try JSONEncoder().encode([address])
        #expect(String(decoding: data, as: UTF8.self) == #"["0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"]"#)
        let decoded = try JSONDecoder().decode([Address].self, from: Data(#"["0x833589fcd6edb6e08f4c7c32d4f71b54bda02913"]"#.utf8))
        #expect(decoded == [address])
    }

    @Test(arguments: [#"["0x1234"]"#, #"[1234]"#, #"[null]"#, #"["833589fcd6edb6e08f4c7c32d4f71b54bda02913"]"#])
    func decodingRejectsNonAddresses(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Address].self, from: Data(json.utf8)) }
    }
}
