import Foundation

/// One binary-safe argument of a Redis command (commands go through redisAsyncCommandArgv,
/// never a format string).
public struct RedisArgument: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ string: String) { self.bytes = Array(string.utf8) }
    public init(_ data: Data) { self.bytes = Array(data) }
    public init(_ integer: some BinaryInteger) { self.bytes = Array(String(integer).utf8) }
    public init(stringLiteral value: String) { self.init(value) }
    public init(integerLiteral value: Int64) { self.init(value) }
}

/// Calls `body` with argc/argv/argvlen for hiredis, valid only during the call.
func withArgv<R>(
    _ arguments: [RedisArgument],
    _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R
) -> R {
    var storage: [UInt8] = []
    storage.reserveCapacity(arguments.reduce(0) { $0 + $1.bytes.count } + 1)
    var offsets: [Int] = []
    var lengths: [Int] = []
    for argument in arguments {
        offsets.append(storage.count)
        lengths.append(argument.bytes.count)
        storage += argument.bytes
    }
    storage.append(0)  // so an all-empty command still has a valid base address
    return storage.withUnsafeBufferPointer { buffer in
        let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
        var pointers: [UnsafePointer<CChar>?] = offsets.map { base + $0 }
        return pointers.withUnsafeMutableBufferPointer { argv in
            lengths.withUnsafeBufferPointer { lengths in
                body(Int32(arguments.count), argv.baseAddress!, lengths.baseAddress!)
            }
        }
    }
}
