import DEXMath

/// Either kind of pool the suite routes through, tagged as the snapshot format tags it.
public enum Pool: Sendable, Hashable {
    case concentrated(ConcentratedPool)
    case constantProduct(ConstantProductPool)

    public var fee: UInt32 {
        switch self {
        case .concentrated(let pool): pool.fee
        case .constantProduct(let pool): pool.fee
        }
    }

    public enum Kind: String, Codable, Sendable {
        case concentrated
        case constantProduct
    }

    public var kind: Kind {
        switch self {
        case .concentrated: .concentrated
        case .constantProduct: .constantProduct
        }
    }
}
