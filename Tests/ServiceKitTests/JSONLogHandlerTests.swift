import Foundation
import Logging
import ServiceKit
import Synchronization
import Testing

final class CapturedLines: Sendable {
    let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var output: LogOutput { LogOutput { line in self.lines.withLock { $0.append(line) } } }
}

@Suite struct JSONLogHandlerTests {
    static let fixedTime = WallClockTime(seconds: 1_700_000_000, nanoseconds: 123_456_789)

    func logger(_ captured: CapturedLines, level: Logger.Level = .info) -> Logger {
        Logger(label: "router.test") { label in
            JSONLogHandler(label: label, level: level, output: captured.output, clock: { Self.fixedTime })
        }
    }

    func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func eachEventIsOneJSONObjectWithTheFixedFieldsAndMetadata() throws {
        let captured = CapturedLines()
        var logger = logger(captured)
        logger[metadataKey: "service"] = "router"
        logger.info("listening", metadata: ["port": "8080", "sources": .array(["file", "backend"]), "limits": .dictionary(["hops": "4"])])
        let line = try #require(captured.all.first)
        #expect(!line.contains("\n"))
        let fields = try object(line)
        #expect(fields["ts"] as? String == "2023-11-14T22:13:20.123Z")
        #expect(fields["level"] as? String == "info")
        #expect(fields["logger"] as? String == "router.test")
        #expect(fields["msg"] as? String == "listening")
        #expect(fields["port"] as? String == "8080")
        #expect(fields["service"] as? String == "router")
        #expect(fields["sources"] as? [String] == ["file", "backend"])
        #expect((fields["limits"] as? [String: String]) == ["hops": "4"])
        #expect(line.hasPrefix(#"{"ts":"2023-11-14T22:13:20.123Z","level":"info","logger":"router.test","msg":"listening""#))
    }

    @Test func levelFiltersAndEscapingKeepLinesValid() throws {
        let captured = CapturedLines()
        let logger = logger(captured, level: .warning)
        logger.info("dropped")
        logger.error("quote \"x\"\nsecond line\t\u{1}", metadata: ["msg": "shadow"])
        #expect(captured.all.count == 1)
        let fields = try object(captured.all[0])
        #expect(fields["level"] as? String == "error")
        #expect(fields["msg"] as? String == "quote \"x\"\nsecond line\t\u{1}")
        // Metadata cannot overwrite the fixed fields.
        #expect(fields["meta.msg"] as? String == "shadow")
    }

    @Test func timestampsAreRFC3339UTCWithMilliseconds() {
        #expect(WallClockTime(seconds: 0, nanoseconds: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(WallClockTime(seconds: 951_782_400, nanoseconds: 5_000_000).rfc3339 == "2000-02-29T00:00:00.005Z")
        let now = WallClockTime.now().rfc3339
        #expect(now.count == 24 && now.hasSuffix("Z"))
    }
}
