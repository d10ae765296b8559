import DEXMath
import Logging
import Market

/// ERC-20 metadata for tokens the built-in list does not know, read with `eth_call`
/// (`symbol()`, `name()`, `decimals()`), at a fixed block so a re-index reads the same values.
///
/// Tokens in the wild do not all follow ERC-20's optional metadata: some return `bytes32`
/// (MKR, SAI), some revert or have no code. The fallbacks, each logged as a warning naming the
/// token: symbol → "UNKNOWN", name → none, decimals → 18 (the ERC-20 convention and
/// OpenZeppelin's default). A pool of such a token still indexes exactly — amounts are raw
/// integers — only its display values may be off, and the warning says which token to list.
public struct TokenMetadataReader: Sendable {
    public static let fallbackSymbol = "UNKNOWN"
    public static let fallbackDecimals: UInt8 = 18

    public let rpc: EthereumRPC
    public let builtin: [Address: Token]
    private let logger: Logger

    public init(rpc: EthereumRPC, builtin: [Token], logger: Logger) {
        self.rpc = rpc
        self.builtin = Dictionary(builtin.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        self.logger = logger
    }

    public func tokens(_ addresses: [Address], atBlock block: UInt64) async throws -> [Token] {
        let unknown = addresses.filter { builtin[$0] == nil }
        var read: [Address: Token] = [:]
        if !unknown.isEmpty {
            let calls = unknown.flatMap { address in
                [(to: address, data: UniswapV3ABI.symbolSelector), (to: address, data: UniswapV3ABI.nameSelector),
                 (to: address, data: UniswapV3ABI.decimalsSelector)]
            }
            let results = try await rpc.calls(calls, block: block)
            for (i, address) in unknown.enumerated() {
                read[address] = token(address, symbol: results[3 * i], name: results[3 * i + 1], decimals: results[3 * i + 2])
            }
        }
        return addresses.map { builtin[$0] ?? read[$0]! }
    }

    func token(_ address: Address, symbol: Result<[UInt8], RPCError>, name: Result<[UInt8], RPCError>, decimals: Result<[UInt8], RPCError>) -> Token {
        var problems: [String] = []
        let parsedSymbol = (try? symbol.get()).flatMap(Self.decodeString)
        if parsedSymbol == nil { problems.append("symbol() \(Self.why(symbol)) → \"\(Self.fallbackSymbol)\"") }
        let parsedName = (try? name.get()).flatMap(Self.decodeString)
        if parsedName == nil { problems.append("name() \(Self.why(name)) → none") }
        let parsedDecimals = (try? decimals.get()).flatMap(Self.decodeDecimals)
        if parsedDecimals == nil { problems.append("decimals() \(Self.why(decimals)) → \(Self.fallbackDecimals)") }
        if !problems.isEmpty {
            logger.warning("token metadata incomplete; using fallbacks (add the token to the built-in list to fix its display)",
                           metadata: ["token": "\(address)", "problems": "\(problems.joined(separator: "; "))"])
        }
        return Token(address: address, symbol: parsedSymbol ?? Self.fallbackSymbol, decimals: parsedDecimals ?? Self.fallbackDecimals, name: parsedName)
    }

    /// An ABI `string`, or a `bytes32` holding a right-zero-padded string. Nil for anything
    /// else, for invalid UTF-8 and for an empty result.
    public static func decodeString(_ data: [UInt8]) -> String? {
        if data.count == 32 {
            let trimmed = Array(data.prefix { $0 != 0 })
            guard data.dropFirst(trimmed.count).allSatisfy({ $0 == 0 }) else { return nil }
            return printable(trimmed)
        }
        guard data.count >= 64, data.count % 32 == 0 else { return nil }
        let words = ABIWords(data: data)
        guard let offset = words[0].unsigned(bits: 32)?.exactUInt64, offset % 32 == 0, Int(offset) + 32 <= data.count else { return nil }
        guard let length = ABIWord(data[Int(offset)..<Int(offset) + 32]).unsigned(bits: 32)?.exactUInt64,
              Int(offset) + 32 + Int(length) <= data.count else { return nil }
        let start = Int(offset) + 32
        return printable(Array(data[start..<start + Int(length)]))
    }

    public static func decodeDecimals(_ data: [UInt8]) -> UInt8? {
        guard data.count == 32, let value = ABIWord(data[...]).unsigned(bits: 8) else { return nil }
        return UInt8(value.w0)
    }

    /// Valid UTF-8 with control characters removed, at most 64 characters; nil when nothing is left.
    static func printable(_ bytes: [UInt8]) -> String? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.generalCategory.isControl })).prefix(64)
        let trimmed = cleaned.trimmingSpaces
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func why(_ result: Result<[UInt8], RPCError>) -> String {
        switch result {
        case .success(let data): data.isEmpty ? "returned nothing (no code?)" : "returned undecodable data (\(data.count) bytes)"
        case .failure(let error): "failed (\(error))"
        }
    }
}

private extension Unicode.GeneralCategory {
    var isControl: Bool { self == .control || self == .format }
}

private extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
