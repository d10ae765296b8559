import DEXMath
import Market
import ServiceKit

/// What the backend adds to the router's quote: the two tokens' metadata and prices, and USD
/// values of the amounts and the gas cost (display numbers, derived here at the edge).
enum QuoteEnrichment {
    static func add(to quote: inout [String: JSONValue], tokenIn: Token, tokenOut: Token, view: MarketView) {
        quote["tokenIn"] = token(tokenIn, view: view)
        quote["tokenOut"] = token(tokenOut, view: view)
        quote["amountInUsd"] = usd(quote["amountIn"], tokenIn, view)
        quote["amountOutUsd"] = usd(quote["amountOut"], tokenOut, view)
        quote["gasCostUsd"] = usd(quote["gasCostInQuoteToken"], quote["type"]?.stringValue == "exactOut" ? tokenIn : tokenOut, view)
    }

    static func token(_ token: Token, view: MarketView) -> JSONValue {
        var object: [String: JSONValue] = [
            "address": .string(token.address.checksummed), "symbol": .string(token.symbol),
            "name": .string(token.name ?? token.symbol), "decimals": .integer(Int64(token.decimals)),
        ]
        object["priceUsd"] = view.priceUsd(token.address).map { .number(Display.usd($0)) } ?? .null
        return .object(object)
    }

    static func usd(_ amount: JSONValue?, _ token: Token, _ view: MarketView) -> JSONValue {
        guard let text = amount?.stringValue, let value = UInt256(text), let price = view.priceUsd(token.address) else { return .null }
        return .number(Display.usd(DisplayNumbers.tokens(value, decimals: token.decimals) * price))
    }
}
