import DEXMath
import Foundation
import Market

/// `basebook-router simulate`: one pool, a list of swaps, each run against the initial state.
/// A swap the pool would revert fills its slot with an error; malformed input fails the run.
public enum SwapSimulation {
    public struct Input: Decodable, Sendable {
        public var pool: Pool
        public var swaps: [Swap]
    }

    public struct Swap: Decodable, Sendable {
        public var zeroForOne: Bool
        /// > 0 exact input, < 0 exact output, over the whole int256 range.
        public var amountSpecified: Int256
        /// Required for concentrated pools; constant-product pools have no price limit.
        public var sqrtPriceLimitX96: UInt256?
    }

    public enum Outcome: Encodable, Sendable, Equatable {
        case concentrated(PoolSwapResult)
        case constantProduct(ConstantProductSwapResult)
        case failure(DEXMathError)

        enum CodingKeys: String, CodingKey {
            case amount0, amount1, sqrtPriceX96, tick, liquidity, ticksCrossed, reserve0, reserve1, error
        }

        enum ErrorKeys: String, CodingKey { case code, message }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .concentrated(let r):
                try c.encode(r.amount0, forKey: .amount0)
                try c.encode(r.amount1, forKey: .amount1)
                try c.encode(r.sqrtPriceX96, forKey: .sqrtPriceX96)
                try c.encode(r.tick, forKey: .tick)
                try c.encode(DecimalUInt128(r.liquidity), forKey: .liquidity)
                try c.encode(r.ticksCrossed, forKey: .ticksCrossed)
            case .constantProduct(let r):
                try c.encode(r.amount0, forKey: .amount0)
                try c.encode(r.amount1, forKey: .amount1)
                try c.encode(r.reserve0, forKey: .reserve0)
                try c.encode(r.reserve1, forKey: .reserve1)
            case .failure(let error):
                var e = c.nestedContainer(keyedBy: ErrorKeys.self, forKey: .error)
                try e.encode(error.code, forKey: .code)
                try e.encode(error.message, forKey: .message)
            }
        }
    }

    /// The input is not a valid simulation document; `message` names the offending field.
    public struct InputError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    public static func outcomes(of input: Input) throws(InputError) -> [Outcome] {
        try input.swaps.enumerated().map { (i, swap) throws(InputError) in
            switch input.pool {
            case .concentrated(let pool):
                guard let limit = swap.sqrtPriceLimitX96 else {
                    throw InputError(message: "swaps[\(i)].sqrtPriceLimitX96: required for a concentrated pool")
                }
                do throws(DEXMathError) { return .concentrated(try pool.swap(zeroForOne: swap.zeroForOne, amountSpecified: swap.amountSpecified, sqrtPriceLimitX96: limit)) }
                catch { return .failure(error) }
            case .constantProduct(let pool):
                do throws(DEXMathError) { return .constantProduct(try pool.swap(zeroForOne: swap.zeroForOne, amountSpecified: swap.amountSpecified)) }
                catch { return .failure(error) }
            }
        }
    }

    /// Decodes a document, runs it and encodes `{"results": […]}`.
    public static func run(_ data: Data) throws(InputError) -> Data {
        let input: Input
        do { input = try JSONDecoder().decode(Input.self, from: data) }
        catch { throw InputError(message: describe(error)) }
        let results = try outcomes(of: input)
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return try encoder.encode(["results": results])
        }
        catch { throw InputError(message: "could not encode the results: \(error)") }
    }

    /// One line naming the field: "pool.ticks[1].liquidityNet: expected …".
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "invalid input: \(error)" }
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : "." + key.stringValue }
            }
            return text.isEmpty ? "input" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type)), found null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "input: not valid JSON" }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "invalid input: \(error)"
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int32.Type, is UInt32.Type, is Int.Type: "an integer number"
        case is [Any].Type: "an array"
        default: "\(type)"
        }
    }
}
