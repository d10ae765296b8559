/// An ERC-20 token as the suite lists it.
public struct Token: Sendable, Hashable, Codable {
    public var address: Address
    public var symbol: String
    public var decimals: UInt8
    public var name: String?

    enum CodingKeys: String, CodingKey { case address, symbol, decimals, name }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        address = try c.decode(Address.self, forKey: .address)
        symbol = try c.decode(String.self, forKey: .symbol)
        decimals = try c.decodeInteger(UInt8.self, forKey: .decimals)
        name = try c.decodeIfPresent(String.self, forKey: .name)
    }

    public init(address: Address, symbol: String, decimals: UInt8, name: String? = nil) {
        self.address = address
        self.symbol = symbol
        self.decimals = decimals
        self.name = name
    }
}
