import ChainIndexer
import Market
import Testing

@Suite struct JSONRPCClientTests {
    static func node() -> TestNode { TestNode(chain: TestMarket(blocks: 12).chain) }

    @Test func retriesThrough429And5xxAndTimeouts() async throws {
        let node = Self.node()
        await node.update { $0.faults = [.status(429), .status(500), .timeout, .status(503)] }
        let rpc = EthereumRPC(client: Harness.client(NodeTransport(nodes: ["http://node-a": node])))
        #expect(try await rpc.blockNumber() == 12)
        #expect(await node.calls == ["eth_blockNumber"])
    }

    @Test func givesUpWithAClearErrorAfterTheLastAttempt() async throws {
        let node = Self.node()
        await node.update { $0.faults = Array(repeating: .status(502), count: 3) }
        let rpc = EthereumRPC(client: Harness.client(NodeTransport(nodes: ["http://node-a": node]), maxAttempts: 3))
        await #expect(throws: RPCError.unavailable(method: "eth_blockNumber", attempts: 3, lastFailure: "HTTP 502")) {
            try await rpc.blockNumber()
        }
    }

    @Test func movesToTheFallbackURLAndStaysThere() async throws {
        let node = Self.node()
        let client = Harness.client(NodeTransport(nodes: ["http://fallback": node]), urls: ["http://primary-down", "http://fallback"])
        let rpc = EthereumRPC(client: client)
        #expect(try await rpc.chainId() == 8453)
        #expect(await client.currentEndpoint == "http://fallback")
        #expect(try await rpc.blockNumber() == 12)
        #expect(await node.calls == ["eth_chainId", "eth_blockNumber"])
    }

    @Test func batchesAndFallsBackToSingleRequestsWhenBatchesAreRejected() async throws {
        let node = Self.node()
        let client = Harness.client(NodeTransport(nodes: ["http://node-a": node]))
        let rpc = EthereumRPC(client: client)
        let batched = try await rpc.blocks([3, 4, 5, 99])
        #expect(batched.map { $0?.number } == [3, 4, 5, nil])
        #expect(await node.batches == 1)

        await node.update { $0.rejectBatches = true }
        let single = try await rpc.blocks([6, 7])
        #expect(single.map { $0?.number } == [6, 7])
        #expect(await client.batchingSupported == false)
        #expect(await node.calls.suffix(2) == ["eth_getBlockByNumber", "eth_getBlockByNumber"])
    }

    @Test func malformedAnswersAreClearErrors() async throws {
        let node = Self.node()
        let rpc = EthereumRPC(client: Harness.client(NodeTransport(nodes: ["http://node-a": node])))
        await node.update { $0.faults = [.body("<html>bad gateway</html>")] }
        await #expect {
            try await rpc.blockNumber()
        } throws: { error in
            guard case RPCError.malformed(let method, let detail) = error else { return false }
            return method == "eth_blockNumber" && detail.contains("<html>")
        }
        await node.update { $0.faults = [.body(#"{"jsonrpc":"2.0","id":1,"result":"0xZZ"}"#)] }
        await #expect(throws: RPCError.malformed(method: "eth_blockNumber", detail: "result is not a hex quantity: 0xZZ")) {
            try await rpc.blockNumber()
        }
        await node.update { $0.faults = [.body(#"{"jsonrpc":"2.0","id":1,"result":[{"address":"0x12","topics":[],"data":"0x","blockNumber":"0x1","blockHash":"0x00","transactionHash":"0x00","logIndex":"0x0"}]}"#)] }
        await #expect {
            try await rpc.logs(addresses: [TestMarket.poolAB], topics: UniswapV3ABI.poolTopics, from: 1, to: 2)
        } throws: { error in
            guard case RPCError.malformed(_, let detail) = error else { return false }
            return detail.contains("log.address is malformed")
        }
    }

    @Test func recognisesProviderRangeRefusals() {
        let refusals = [
            (-32005, "query returned more than 10000 results"),
            (-32602, "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range"),
            (-32000, "eth_getLogs is limited to a 10,000 range"),
            (-32600, "block range too large: 5000 > 1000"),
            (-32000, "too many results"),
        ]
        for (code, message) in refusals {
            #expect(RPCError.server(method: "eth_getLogs", code: code, message: message).isRangeTooLarge, "\(message)")
        }
        #expect(!RPCError.server(method: "eth_getLogs", code: -32000, message: "header not found").isRangeTooLarge)
        #expect(!RPCError.server(method: "eth_getLogs", code: 429, message: "rate limit exceeded").isRangeTooLarge)
        #expect(!RPCError.server(method: "eth_call", code: -32005, message: "query returned more than 10000 results").isRangeTooLarge)
    }

    @Test func backoffDoublesWithJitterUpToTheCap() {
        let policy = RetryPolicy(initialDelay: .milliseconds(100), maxDelay: .seconds(1), sleep: { _ in })
        for retry in 1...8 {
            let expected = min(Duration.milliseconds(100) * (1 << (retry - 1)), .seconds(1))
            let delay = policy.delay(beforeRetry: retry)
            #expect(delay <= expected && delay >= expected / 2)
        }
    }
}
