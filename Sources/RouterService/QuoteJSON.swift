import DEXMath
import Hummingbird
import Market
import Routing
import Synchronization

/// The `/v1/quote` body written by hand, byte for byte what `JSONResponse.make(QuotePayload)`
/// writes (`JSONEncoder` with sorted keys, no whitespace), without Foundation's encoder.
///
/// The body is produced in two parts around the value of `computeMicros`, the only field that
/// differs between two answers to the same request at the same state: the cache keeps the
/// parts, and a hit only writes `head + micros + tail` into a buffer.
///
/// Key order is `JSONEncoder`'s `.sortedKeys` order (the tests compare the two byte for byte):
/// quote `amountIn, amountInMax | amountOut, amountOutMin, computeMicros, gasCostInQuoteToken,
/// gasEstimate, priceImpactBps, routes, stateSequence, type`; route `amountIn, amountOut, hops,
/// portionBps`; hop `amountIn, amountOut, fee, pool, sqrtPriceX96After, ticksCrossed, tokenIn,
/// tokenOut`. Every value is a number, `null`, or a string that needs no escaping (decimal
/// digits, 0x-hex addresses, `exactIn`/`exactOut`).
struct EncodedQuote: Sendable {
    /// Up to and including `"computeMicros":`.
    let head: [UInt8]
    /// From the comma after `computeMicros`'s value to the closing brace.
    let tail: [UInt8]

    init(_ quote: Quote) {
        var w = JSONBytes()
        w.bytes.reserveCapacity(256 + 640 * quote.routes.count)
        w.raw("{\"amountIn\":")
        w.decimal(quote.amountIn)
        switch quote.type {
        case .exactIn:
            w.raw(",\"amountOut\":")
            w.decimal(quote.amountOut)
            w.raw(",\"amountOutMin\":")
            w.decimal(quote.amountOutMin ?? quote.amountOut)
        case .exactOut:
            w.raw(",\"amountInMax\":")
            w.decimal(quote.amountInMax ?? quote.amountIn)
            w.raw(",\"amountOut\":")
            w.decimal(quote.amountOut)
        }
        w.raw(",\"computeMicros\":")
        head = w.bytes

        w = JSONBytes()
        w.bytes.reserveCapacity(192 + 640 * quote.routes.count)
        w.raw(",\"gasCostInQuoteToken\":")
        w.decimal(quote.gasCostInQuoteToken)
        w.raw(",\"gasEstimate\":")
        w.integer(quote.gasEstimate)
        w.raw(",\"priceImpactBps\":")
        w.integer(quote.priceImpactBps)
        w.raw(",\"routes\":[")
        for (r, route) in quote.routes.enumerated() {
            if r > 0 { w.raw(",") }
            w.raw("{\"amountIn\":")
            w.decimal(route.amountIn)
            w.raw(",\"amountOut\":")
            w.decimal(route.amountOut)
            w.raw(",\"hops\":[")
            for (h, hop) in route.hops.enumerated() {
                if h > 0 { w.raw(",") }
                w.raw("{\"amountIn\":")
                w.decimal(hop.amountIn)
                w.raw(",\"amountOut\":")
                w.decimal(hop.amountOut)
                w.raw(",\"fee\":")
                w.integer(hop.fee)
                w.raw(",\"pool\":")
                w.address(hop.pool)
                w.raw(",\"sqrtPriceX96After\":")
                if let price = hop.sqrtPriceX96After { w.decimal(price) } else { w.raw("null") }
                w.raw(",\"ticksCrossed\":")
                w.integer(hop.ticksCrossed)
                w.raw(",\"tokenIn\":")
                w.address(hop.tokenIn)
                w.raw(",\"tokenOut\":")
                w.address(hop.tokenOut)
                w.raw("}")
            }
            w.raw("],\"portionBps\":")
            w.integer(route.portionBps)
            w.raw("}")
        }
        w.raw("],\"stateSequence\":")
        w.integer(quote.stateSequence)
        w.raw(",\"type\":\"")
        w.raw(quote.type == .exactIn ? "exactIn" : "exactOut")
        w.raw("\"}")
        tail = w.bytes
    }

    /// The complete body for one answer.
    func write(computeMicros: Int, to buffer: inout ByteBuffer) {
        buffer.writeBytes(head)
        buffer.writeString(String(computeMicros))
        buffer.writeBytes(tail)
    }

    var byteCount: Int { head.count + tail.count + 20 }

    func bytes(computeMicros: Int) -> [UInt8] {
        head + Array(String(computeMicros).utf8) + tail
    }

    static let jsonHeaders: HTTPFields = {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return headers
    }()

    /// A 200 with this body, as `JSONResponse.make` would answer it.
    func response(computeMicros: Int) -> Response {
        var buffer = ByteBufferAllocator().buffer(capacity: byteCount)
        write(computeMicros: computeMicros, to: &buffer)
        return Response(status: .ok, headers: Self.jsonHeaders, body: .init(byteBuffer: buffer))
    }
}

/// Appends JSON tokens to a byte array.
struct JSONBytes {
    var bytes: [UInt8] = []

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func integer(_ value: some BinaryInteger) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        digits(of: UInt256(UInt64(truncatingIfNeeded: value.magnitude)))
    }

    /// A quoted decimal string, as UInt256's Codable writes it.
    mutating func decimal(_ value: UInt256) {
        bytes.append(UInt8(ascii: "\""))
        digits(of: value)
        bytes.append(UInt8(ascii: "\""))
    }

    private static let limb: UInt64 = 10_000_000_000_000_000_000

    /// `value` in decimal without strings: 19 digits at a time from the least significant, by
    /// short division (one hardware division per 64-bit word), into scratch space (2^256 <
    /// 10^78), then appended at once.
    private mutating func digits(of value: UInt256) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 78) { scratch in
            var (w3, w2, w1, w0) = (value.w3, value.w2, value.w1, value.w0)
            var start = scratch.count
            repeat {
                var r: UInt64 = 0
                (w3, r) = Self.limb.dividingFullWidth((r, w3))
                (w2, r) = Self.limb.dividingFullWidth((r, w2))
                (w1, r) = Self.limb.dividingFullWidth((r, w1))
                (w0, r) = Self.limb.dividingFullWidth((r, w0))
                // Every limb but the most significant has all 19 digits, leading zeros included.
                let last = w3 | w2 | w1 | w0 == 0
                var written = 0
                repeat {
                    start -= 1
                    scratch[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: r % 10)
                    r /= 10
                    written += 1
                } while last ? r > 0 : written < 19
            } while w3 | w2 | w1 | w0 != 0
            bytes.append(contentsOf: UnsafeMutableBufferPointer(rebasing: scratch[start...]))
        }
    }

    /// A quoted EIP-55 address, as Address's Codable writes it.
    mutating func address(_ address: Address) {
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: ChecksummedAddresses.bytes(address))
        bytes.append(UInt8(ascii: "\""))
    }
}

/// EIP-55 strings of the addresses the router writes, computed once each. A checksum is a
/// Keccak-256 of the address, and the same few hundred tokens and pools appear in every answer,
/// so this removes the hash from every response but the first. It is a pure function of the
/// address, so entries stay valid across graph versions; the table is bounded by clearing it.
enum ChecksummedAddresses {
    static let limit = 65_536
    private static let table = Mutex<[Address: [UInt8]]>([:])

    static func bytes(_ address: Address) -> [UInt8] {
        if let known = table.withLock({ $0[address] }) { return known }
        let text = Array(address.checksummed.utf8)
        table.withLock { table in
            if table.count >= limit { table.removeAll(keepingCapacity: true) }
            table[address] = text
        }
        return text
    }

    static func text(_ address: Address) -> String {
        String(decoding: bytes(address), as: UTF8.self)
    }
}
