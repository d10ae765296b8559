/// An ERC-20 token as the suite lists it.
public struct Token: Sendable, Hashable, Codable {
    public var address: Address
    public var symbol: String
    public var decimals: UInt8
    public var name: String?

    public init(address: Address, symbol: String, decimals: UInt8, name: String? = nil) {
        self.address = address
        self.symbol = symbol
        self.decimals = decimals
        self.name = name
    }
}
