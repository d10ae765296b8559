import ChainIndexer
import DEXMath
import Foundation
import Market

/// A JSON-RPC node for the tests: serves a `TestChain` (`eth_chainId`, `eth_blockNumber`,
/// `eth_getBlockByNumber`, `eth_getLogs`, `eth_call` for ERC-20 metadata) and can be told to
/// misbehave as providers do: refuse large log ranges, fail with 429/5xx, time out, answer
/// garbage, reject batches.
actor TestNode {
    enum Answer: Sendable {
        case http(Int, [UInt8])
        case timeout
    }

    enum Fault: Sendable {
        case status(Int)
        case timeout
        case body(String)
    }

    enum TokenBehaviour: Sendable {
        case standard(symbol: String, name: String?, decimals: UInt8)
        case bytes32(symbol: String, decimals: UInt8)
        case reverting
    }

    var chain: TestChain
    var tokens: [Address: TokenBehaviour] = [:]
    var faults: [Fault] = []
    /// eth_getLogs over more blocks than this is refused ("block range too large").
    var maxLogRange: UInt64?
    /// eth_getLogs returning more logs than this is refused (Infura's -32005).
    var maxLogsPerQuery: Int?
    var rejectBatches = false
    /// Pool storage for `eth_call` (`slot0`, `liquidity`, `tickBitmap`, `ticks`) at a block.
    var poolStorage: (@Sendable (Address, UInt64) -> ConcentratedPool?)?
    /// Every method called, batch elements included, in order.
    private(set) var calls: [String] = []
    private(set) var batches = 0
    private(set) var refusals = 0

    init(chain: TestChain) {
        self.chain = chain
    }

    func update(_ change: @Sendable (isolated TestNode) -> Void) { change(self) }

    func respond(_ body: [UInt8]) -> Answer {
        if !faults.isEmpty {
            switch faults.removeFirst() {
            case .status(let status): return .http(status, Array("{\"error\":\"injected \(status)\"}".utf8))
            case .timeout: return .timeout
            case .body(let text): return .http(200, Array(text.utf8))
            }
        }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(body)) else {
            return reply(["jsonrpc": "2.0", "id": NSNull(), "error": ["code": -32700, "message": "parse error"]])
        }
        if let batch = parsed as? [[String: Any]] {
            if rejectBatches {
                return .http(400, json(["jsonrpc": "2.0", "id": NSNull(), "error": ["code": -32600, "message": "batch requests are not supported"]]))
            }
            batches += 1
            return .http(200, json(batch.map(handle)))
        }
        guard let request = parsed as? [String: Any] else { return reply(["jsonrpc": "2.0", "id": NSNull(), "error": ["code": -32600, "message": "invalid request"]]) }
        return reply(handle(request))
    }

    private func reply(_ object: [String: Any]) -> Answer { .http(200, json(object)) }

    private func json(_ object: Any) -> [UInt8] { Array(try! JSONSerialization.data(withJSONObject: object)) }

    private func handle(_ request: [String: Any]) -> [String: Any] {
        let id = request["id"] ?? NSNull()
        let method = request["method"] as? String ?? ""
        let params = request["params"] as? [Any] ?? []
        calls.append(method)
        func result(_ value: Any) -> [String: Any] { ["jsonrpc": "2.0", "id": id, "result": value] }
        func error(_ code: Int, _ message: String) -> [String: Any] { ["jsonrpc": "2.0", "id": id, "error": ["code": code, "message": message]] }
        switch method {
        case "eth_chainId":
            return result(quantity(chain.chainId))
        case "eth_blockNumber":
            return result(quantity(chain.head))
        case "eth_getBlockByNumber":
            guard let tag = params.first as? String, let number = parseQuantity(tag) else { return error(-32602, "invalid block number") }
            guard let block = chain.block(number) else { return result(NSNull()) }
            return result(["number": quantity(block.number), "hash": block.hash.description, "parentHash": block.parentHash.description,
                           "timestamp": quantity(UInt64(block.timestamp)), "transactions": [] as [Any]])
        case "eth_getLogs":
            guard let filter = params.first as? [String: Any], let from = (filter["fromBlock"] as? String).flatMap(parseQuantity),
                  let to = (filter["toBlock"] as? String).flatMap(parseQuantity), from <= to else { return error(-32602, "invalid filter") }
            if let maxLogRange, to - from + 1 > maxLogRange {
                refusals += 1
                return error(-32600, "block range too large: \(to - from + 1) > \(maxLogRange)")
            }
            let addresses: Set<String>
            if let one = filter["address"] as? String { addresses = [one.lowercased()] } else { addresses = Set((filter["address"] as? [String] ?? []).map { $0.lowercased() }) }
            let topicSets = filter["topics"] as? [Any] ?? []
            let topic0 = Set((topicSets.first as? [String] ?? []).map { $0.lowercased() })
            var logs: [[String: Any]] = []
            for number in from...min(to, chain.head) {
                guard let block = chain.block(number) else { continue }
                for log in block.logs where addresses.isEmpty || addresses.contains(log.address.lowercased()) {
                    guard topic0.isEmpty || topic0.contains(log.topics.first?.lowercased() ?? "") else { continue }
                    logs.append(["address": log.address, "topics": log.topics, "data": log.data, "blockNumber": quantity(block.number),
                                 "blockHash": block.hash.description, "transactionHash": log.transactionHash, "logIndex": log.logIndex,
                                 "transactionIndex": "0x0", "removed": false])
                }
            }
            if let maxLogsPerQuery, logs.count > maxLogsPerQuery {
                refusals += 1
                return error(-32005, "query returned more than \(maxLogsPerQuery) results")
            }
            return result(logs)
        case "eth_call":
            guard let call = params.first as? [String: Any], let to = (call["to"] as? String).flatMap(Address.init),
                  let data = call["data"] as? String else { return error(-32602, "invalid call") }
            if let poolStorage, let blockTag = params.dropFirst().first as? String, let block = parseQuantity(blockTag),
               let pool = poolStorage(to, block) {
                return poolCall(pool, data: Array(data.lowercased().utf8), result: result, error: error)
            }
            guard let behaviour = tokens[to] else { return result("0x") }
            let selector = data.lowercased()
            switch behaviour {
            case .reverting:
                return error(3, "execution reverted")
            case .standard(let symbol, let name, let decimals):
                if selector == TestChain.hex(UniswapV3ABI.symbolSelector) { return result(TestChain.hex(LogEncoder.string(symbol))) }
                if selector == TestChain.hex(UniswapV3ABI.nameSelector) {
                    guard let name else { return error(3, "execution reverted") }
                    return result(TestChain.hex(LogEncoder.string(name)))
                }
                if selector == TestChain.hex(UniswapV3ABI.decimalsSelector) { return result(TestChain.hex(LogEncoder.word(UInt256(UInt64(decimals))))) }
            case .bytes32(let symbol, let decimals):
                if selector == TestChain.hex(UniswapV3ABI.symbolSelector) || selector == TestChain.hex(UniswapV3ABI.nameSelector) {
                    let bytes = Array(symbol.utf8)
                    return result(TestChain.hex(bytes + [UInt8](repeating: 0, count: 32 - bytes.count)))
                }
                if selector == TestChain.hex(UniswapV3ABI.decimalsSelector) { return result(TestChain.hex(LogEncoder.word(UInt256(UInt64(decimals))))) }
            }
            return error(3, "execution reverted")
        default:
            return error(-32601, "method \(method) not found")
        }
    }

    /// Answers a pool storage read the way UniswapV3Pool's public getters do.
    private func poolCall(_ pool: ConcentratedPool, data: [UInt8], result: (Any) -> [String: Any], error: (Int, String) -> [String: Any]) -> [String: Any] {
        let text = String(decoding: data, as: UTF8.self)
        func selector(_ bytes: [UInt8]) -> String { TestChain.hex(bytes) }
        func argument() -> Int64 {
            let word = UInt256(hex: String(text.dropFirst(10)))!
            return Int256(bitPattern: word).truncatedInt64
        }
        func words(_ values: [UInt256]) -> [String: Any] { result(TestChain.hex(values.flatMap(LogEncoder.word))) }
        func signed(_ value: Int64) -> UInt256 { Int256(value).bitPattern }
        if text == selector(PoolBootstrapper.slot0Selector) {
            return words([pool.sqrtPriceX96, signed(Int64(pool.tick)), .zero, UInt256(1), UInt256(1), .zero, UInt256(1)])
        }
        if text == selector(PoolBootstrapper.liquiditySelector) { return words([UInt256(pool.liquidity)]) }
        if text.hasPrefix(selector(PoolBootstrapper.tickBitmapSelector)) {
            let position = argument()
            var word = UInt256.zero
            for tick in pool.ticks where tick.liquidityGross > 0 {
                let compressed = Int64(PoolBootstrapperTestMath.floorDiv(tick.index, pool.tickSpacing))
                if compressed >> 8 == position { word = word | (UInt256.one << Int(compressed & 255)) }
            }
            return words([word])
        }
        if text.hasPrefix(selector(PoolBootstrapper.ticksSelector)) {
            let index = Int32(argument())
            let info = pool.ticks.first { $0.index == index }
            return words([info.map { UInt256($0.liquidityGross) } ?? .zero, (info.map { Int256($0.liquidityNet) } ?? .zero).bitPattern, .zero, .zero, .zero, .zero, .zero, info == nil ? .zero : .one])
        }
        return error(3, "execution reverted")
    }

    private func quantity(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    private func parseQuantity(_ text: String) -> UInt64? {
        guard text.hasPrefix("0x") else { return nil }
        return UInt64(text.dropFirst(2), radix: 16)
    }
}

enum PoolBootstrapperTestMath {
    static func floorDiv(_ a: Int32, _ b: Int32) -> Int32 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}

/// Routes requests to test nodes in process; a URL with no node is a refused connection.
struct NodeTransport: RPCTransport {
    let nodes: [String: TestNode]

    func post(_ body: [UInt8], to url: String, timeout: Duration) async throws(RPCTransportError) -> RPCHTTPResponse {
        guard let node = nodes[url] else { throw .unreachable("connection refused") }
        switch await node.respond(body) {
        case .http(let status, let body): return RPCHTTPResponse(status: status, body: body)
        case .timeout: throw .timeout
        }
    }
}
