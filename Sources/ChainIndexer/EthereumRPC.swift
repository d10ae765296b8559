import Market

/// The Ethereum methods the indexer uses, typed, over a `JSONRPCClient`. Answers are parsed
/// strictly; anything that is not what the method promises is `RPCError.malformed`.
public struct EthereumRPC: Sendable {
    public let client: JSONRPCClient

    public init(client: JSONRPCClient) {
        self.client = client
    }

    public func chainId() async throws -> UInt64 {
        try await quantity("eth_chainId", [])
    }

    public func blockNumber() async throws -> UInt64 {
        try await quantity("eth_blockNumber", [])
    }

    /// Logs of `addresses` whose topic0 is one of `topics`, in `[from, to]`.
    public func logs(addresses: [Address], topics: [Hash32], from: UInt64, to: UInt64) async throws -> [EthLog] {
        try await logsBatch([(addresses, topics)], from: from, to: to)[0].get()
    }

    /// Several filters over the same range in one round trip where the provider batches.
    public func logsBatch(_ filters: [(addresses: [Address], topics: [Hash32])], from: UInt64, to: UInt64) async throws -> [Result<[EthLog], RPCError>] {
        let params: [[JSONRPCValue]] = filters.map { filter in
            [.object([
                "fromBlock": .string(Hex.quantity(from)),
                "toBlock": .string(Hex.quantity(to)),
                "address": filter.addresses.count == 1 ? .string(filter.addresses[0].lowercaseHex) : .array(filter.addresses.map { .string($0.lowercaseHex) }),
                "topics": .array([.array(filter.topics.map { .string($0.description) })]),
            ])]
        }
        return try await client.batch("eth_getLogs", params, as: [EthLog].self).map { result in
            result.flatMap { logs in
                guard let logs else { return .failure(.malformed(method: "eth_getLogs", detail: "result is null")) }
                return .success(logs)
            }
        }
    }

    /// Headers of `numbers` (nil for a block the node does not have), batched where possible.
    public func blocks(_ numbers: [UInt64]) async throws -> [EthBlockHeader?] {
        let params: [[JSONRPCValue]] = numbers.map { [.string(Hex.quantity($0)), .bool(false)] }
        let results = try await client.batch("eth_getBlockByNumber", params, as: EthBlockHeader.self)
        return try zip(numbers, results).map { number, result in
            let header = try result.get()
            if let header, header.number != number {
                throw RPCError.malformed(method: "eth_getBlockByNumber", detail: "asked for block \(number), got block \(header.number)")
            }
            return header
        }
    }

    /// `eth_call`s at `block`, batched; each answer is the returned bytes or the node's error
    /// (a revert arrives as an error).
    public func calls(_ calls: [(to: Address, data: [UInt8])], block: UInt64) async throws -> [Result<[UInt8], RPCError>] {
        let params: [[JSONRPCValue]] = calls.map { call in
            [.object(["to": .string(call.to.lowercaseHex), "data": .string(Hex.data(call.data))]), .string(Hex.quantity(block))]
        }
        return try await client.batch("eth_call", params, as: String.self).map { result in
            result.flatMap { text in
                guard let text, let bytes = Hex.bytes(text) else {
                    return .failure(.malformed(method: "eth_call", detail: "result is not hex data: \(text ?? "null")"))
                }
                return .success(bytes)
            }
        }
    }

    private func quantity(_ method: String, _ params: [JSONRPCValue]) async throws -> UInt64 {
        guard let text = try await client.call(method, params, as: String.self) else {
            throw RPCError.malformed(method: method, detail: "result is null")
        }
        guard let value = Hex.quantity(text) else { throw RPCError.malformed(method: method, detail: "result is not a hex quantity: \(text.prefix(80))") }
        return value
    }
}
