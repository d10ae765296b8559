import DEXMath

/// One initialized tick of a concentrated-liquidity pool.
public struct TickInfo: Sendable, Hashable {
    public var index: Int32
    /// Liquidity added when the price crosses this tick upward (removed downward).
    public var liquidityNet: Int128
    /// Total liquidity of the positions that reference this tick; zero means uninitialized.
    public var liquidityGross: UInt128

    public init(index: Int32, liquidityNet: Int128, liquidityGross: UInt128) {
        self.index = index
        self.liquidityNet = liquidityNet
        self.liquidityGross = liquidityGross
    }

    /// A tick known only by its net liquidity (as in a snapshot): gross is at least |net|.
    public init(index: Int32, liquidityNet: Int128) {
        self.init(index: index, liquidityNet: liquidityNet, liquidityGross: liquidityNet.magnitude)
    }
}
