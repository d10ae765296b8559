import DEXMath
import Market
import Routing
import ServiceKit

// Response bodies, field for field as ARCHITECTURE.md names them. Amounts are decimal strings
// (UInt256's Codable), addresses EIP-55 (Address's Codable, memoised: ChecksummedAddresses);
// counts, bps and gas are numbers. `/v1/quote` and `/v1/quotes` write QuotePayload's and
// BatchPayload's encoding by hand (EncodedQuote); these types stay the reference for it.

/// `POST|GET /v1/quote` and each success of `POST /v1/quotes`.
struct QuotePayload: Encodable {
    var quote: Quote
    var computeMicros: Int

    enum CodingKeys: String, CodingKey {
        case type, amountIn, amountOut, amountOutMin, amountInMax, priceImpactBps, gasEstimate, gasCostInQuoteToken, routes, stateSequence, computeMicros
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(quote.type, forKey: .type)
        try c.encode(quote.amountIn, forKey: .amountIn)
        try c.encode(quote.amountOut, forKey: .amountOut)
        // One bound per trade type: what the caller would pass to the swap router.
        switch quote.type {
        case .exactIn: try c.encode(quote.amountOutMin ?? quote.amountOut, forKey: .amountOutMin)
        case .exactOut: try c.encode(quote.amountInMax ?? quote.amountIn, forKey: .amountInMax)
        }
        try c.encode(quote.priceImpactBps, forKey: .priceImpactBps)
        try c.encode(quote.gasEstimate, forKey: .gasEstimate)
        try c.encode(quote.gasCostInQuoteToken, forKey: .gasCostInQuoteToken)
        try c.encode(quote.routes.map(RoutePayload.init), forKey: .routes)
        try c.encode(quote.stateSequence, forKey: .stateSequence)
        try c.encode(computeMicros, forKey: .computeMicros)
    }
}

struct RoutePayload: Encodable {
    var route: RouteQuote
    /// Set for `/v1/simulate`, which answers with one route and the state it ran on.
    var stateSequence: UInt64?

    init(_ route: RouteQuote) {
        self.route = route
    }

    init(_ route: RouteQuote, stateSequence: UInt64) {
        self.route = route
        self.stateSequence = stateSequence
    }

    enum CodingKeys: String, CodingKey { case portionBps, amountIn, amountOut, hops, stateSequence }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(route.portionBps, forKey: .portionBps)
        try c.encode(route.amountIn, forKey: .amountIn)
        try c.encode(route.amountOut, forKey: .amountOut)
        try c.encode(route.hops.map(HopPayload.init), forKey: .hops)
        try c.encodeIfPresent(stateSequence, forKey: .stateSequence)
    }
}

struct HopPayload: Encodable {
    var hop: HopQuote

    enum CodingKeys: String, CodingKey { case pool, tokenIn, tokenOut, fee, amountIn, amountOut, sqrtPriceX96After, ticksCrossed }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ChecksummedAddresses.text(hop.pool), forKey: .pool)
        try c.encode(ChecksummedAddresses.text(hop.tokenIn), forKey: .tokenIn)
        try c.encode(ChecksummedAddresses.text(hop.tokenOut), forKey: .tokenOut)
        try c.encode(hop.fee, forKey: .fee)
        try c.encode(hop.amountIn, forKey: .amountIn)
        try c.encode(hop.amountOut, forKey: .amountOut)
        // Always present, null for constant-product pools (they have no sqrt price).
        if let price = hop.sqrtPriceX96After { try c.encode(price, forKey: .sqrtPriceX96After) } else { try c.encodeNil(forKey: .sqrtPriceX96After) }
        try c.encode(hop.ticksCrossed, forKey: .ticksCrossed)
    }
}

/// `POST /v1/quotes`: one entry per request, in order, a quote or an error envelope.
struct BatchPayload: Encodable {
    enum Entry: Encodable {
        case quote(QuotePayload)
        case failure(APIError)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .quote(let payload): try payload.encode(to: encoder)
            case .failure(let error):
                try error.envelope.encode(to: encoder)
            }
        }
    }

    var results: [Entry]
}

/// `GET /v1/graph`.
struct GraphPayload: Encodable {
    var chainId: UInt64
    var pools: Int
    var tokens: Int
    var sequence: UInt64
    /// RFC 3339 (UTC) time the graph last changed or was confirmed current.
    var lastUpdate: String?

    enum CodingKeys: String, CodingKey { case chainId, pools, tokens, sequence, lastUpdate }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(chainId, forKey: .chainId)
        try c.encode(pools, forKey: .pools)
        try c.encode(tokens, forKey: .tokens)
        try c.encode(sequence, forKey: .sequence)
        if let lastUpdate { try c.encode(lastUpdate, forKey: .lastUpdate) } else { try c.encodeNil(forKey: .lastUpdate) }
    }
}
