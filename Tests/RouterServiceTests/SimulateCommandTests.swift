import Foundation
import Testing

/// The `basebook-router simulate` executable as a user runs it: stdin in, stdout out, exit status.
@Suite struct SimulateCommandTests {
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("basebook-router")
    }

    static func run(stdin: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["simulate"]
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func writesResultsForAValidDocument() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build basebook-router first")
        let document = #"{"pool": \#(SwapSimulationTests.pool), "swaps": [{"zeroForOne": true, "amountSpecified": "1000000000000000000", "sqrtPriceLimitX96": "4295128740"}]}"#
        let result = try Self.run(stdin: document)
        #expect(result.status == 0)
        #expect(result.stdout.contains(#""amount1":"-665331998665331998""#))
        #expect(result.stderr.isEmpty)
    }

    @Test func malformedInputExitsNonZeroWithOneLineNamingTheField() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build basebook-router first")
        let result = try Self.run(stdin: #"{"pool": \#(SwapSimulationTests.pool), "swaps": [{"zeroForOne": true, "amountSpecified": "abc", "sqrtPriceLimitX96": "1"}]}"#)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("basebook-router simulate: swaps[0].amountSpecified:"))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    }
}
