import DEXMath
import Market
import Routing
import ServiceKit

/// The fields of one request, from a JSON object or a query string alike, read with errors
/// that name the field. GET and POST share this, so they accept and reject the same inputs.
struct RequestFields: Sendable {
    let values: [String: JSONValue]

    init(object: [String: JSONValue]) {
        values = object
    }

    /// Query parameters arrive as text; numbers in text are read as numbers below.
    init(query: [(String, String)]) {
        var values: [String: JSONValue] = [:]
        for (name, value) in query where values[name] == nil { values[name] = .string(value) }
        self.values = values
    }

    func present(_ field: String) -> JSONValue? {
        switch values[field] {
        case nil, .null?: nil
        case let value?: value
        }
    }

    /// A 0x-prefixed 20-byte hex address, any case.
    func address(_ field: String, code: String) throws(APIError) -> Address {
        guard let value = present(field) else { throw .invalidField(field, code: code, "\(field) is required: a 0x-prefixed 20-byte hex address") }
        guard case .string(let text) = value, let address = Address(text) else {
            throw .invalidField(field, code: code, "\(field) must be a 0x-prefixed 20-byte hex address, got \(Self.show(value))")
        }
        return address
    }

    /// A token amount: a decimal string (an integer number is accepted when it is exact).
    func amount(_ field: String) throws(APIError) -> UInt256 {
        guard let value = present(field) else { throw .invalidField(field, code: "INVALID_AMOUNT", "\(field) is required: a decimal string greater than 0") }
        guard let amount = Self.unsigned256(value), !amount.isZero else {
            throw .invalidField(field, code: "INVALID_AMOUNT", "\(field) must be a decimal string greater than 0 (in the token's smallest unit), got \(Self.show(value))")
        }
        return amount
    }

    /// An optional wei amount such as gasPriceWei; zero is allowed.
    func optionalWei(_ field: String) throws(APIError) -> UInt256? {
        guard let value = present(field) else { return nil }
        guard let amount = Self.unsigned256(value) else {
            throw .invalidField(field, code: "INVALID_PARAMETER", "\(field) must be a decimal string of wei, got \(Self.show(value))")
        }
        return amount
    }

    func tradeType(_ field: String) throws(APIError) -> TradeType {
        let expected = TradeType.allCases.map(\.rawValue).joined(separator: " or ")
        guard let value = present(field) else { throw .invalidField(field, "\(field) is required: \(expected)") }
        guard case .string(let text) = value, let type = TradeType(rawValue: text) else {
            throw .invalidField(field, "\(field) must be \(expected), got \(Self.show(value))")
        }
        return type
    }

    /// An integer in `range`, or `defaultValue` when absent. Range checks stay with the
    /// domain's validating initializers; this only insists on an integer.
    func integer(_ field: String, default defaultValue: Int, range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let value = present(field) else { return defaultValue }
        let parsed: Int? = switch value {
        case .integer(let number): Int(exactly: number)
        case .string(let text): Int(text)
        default: nil
        }
        guard let parsed, range.contains(parsed) else {
            throw .invalidField(field, "\(field) must be an integer between \(range.lowerBound) and \(range.upperBound), got \(Self.show(value))")
        }
        return parsed
    }

    static func unsigned256(_ value: JSONValue) -> UInt256? {
        switch value {
        case .string(let text): UInt256(text)
        case .integer(let number) where number >= 0: UInt256(UInt64(number))
        default: nil
        }
    }

    /// The offending value as the client sent it, shortened, for the error message.
    static func show(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(text.prefix(80))\""
        case .integer(let number): String(number)
        case .number(let number): String(number)
        case .bool(let flag): String(flag)
        default: value.kind
        }
    }
}

extension QuoteRequest {
    /// A validated request from a POST body or GET query; the first bad field is the error.
    init(fields: RequestFields, defaults: QuoteDefaults) throws(APIError) {
        let tokenIn = try fields.address("tokenIn", code: "INVALID_TOKEN")
        let tokenOut = try fields.address("tokenOut", code: "INVALID_TOKEN")
        let amount = try fields.amount("amount")
        let type = try fields.tradeType("type")
        let slippage = try fields.integer("slippageBps", default: Int(defaults.slippageBps), range: 0...10_000)
        let maxHops = try fields.integer("maxHops", default: defaults.maxHops, range: 1...QuoteRequest.maxHopsLimit)
        let maxSplits = try fields.integer("maxSplits", default: defaults.maxSplits, range: 1...QuoteRequest.maxSplitsLimit)
        let gasPrice = try fields.optionalWei("gasPriceWei")
        do {
            try self.init(tokenIn: tokenIn, tokenOut: tokenOut, amount: amount, type: type, slippageBps: UInt32(slippage),
                          maxHops: maxHops, maxSplits: maxSplits, gasPriceWei: gasPrice)
        } catch {
            throw error.apiError
        }
    }
}

/// `POST /v1/simulate`: `{"tokenIn","path":[pool addresses],"amount","type"}`.
struct SimulateRequest: Sendable {
    static let maxPathLength = QuoteRequest.maxHopsLimit

    var tokenIn: Address
    var path: [Address]
    var amount: UInt256
    var type: TradeType

    init(fields: RequestFields) throws(APIError) {
        tokenIn = try fields.address("tokenIn", code: "INVALID_TOKEN")
        guard case .array(let entries)? = fields.present("path"), (1...Self.maxPathLength).contains(entries.count) else {
            throw .invalidField("path", code: "INVALID_PATH", "path must be an array of 1 to \(Self.maxPathLength) pool addresses")
        }
        path = []
        for (index, entry) in entries.enumerated() {
            guard case .string(let text) = entry, let address = Address(text) else {
                throw .invalidField("path[\(index)]", code: "INVALID_POOL", "path[\(index)] must be a 0x-prefixed 20-byte hex pool address, got \(RequestFields.show(entry))")
            }
            path.append(address)
        }
        amount = try fields.amount("amount")
        type = try fields.tradeType("type")
    }
}
