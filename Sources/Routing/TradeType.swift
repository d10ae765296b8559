/// Which side of a trade the caller fixes.
public enum TradeType: String, Sendable, Hashable, Codable, CaseIterable {
    /// `amount` is what goes in; the quote maximises what comes out.
    case exactIn
    /// `amount` is what must come out; the quote minimises what goes in.
    case exactOut
}
