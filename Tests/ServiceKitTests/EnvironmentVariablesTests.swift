import Logging
import ServiceKit
import Testing

@Suite struct EnvironmentVariablesTests {
    @Test func unsetAndEmptyVariablesTakeTheDefault() throws {
        let environment = EnvironmentVariables(["PORT": "", "OTHER": "1"])
        #expect(try environment.port("PORT", default: 8080) == 8080)
        #expect(try environment.port("METRICS_PORT", default: 9091) == 9091)
        #expect(environment.string("HOST", default: "0.0.0.0") == "0.0.0.0")
    }

    @Test func valuesAreParsedAndTrimmed() throws {
        let environment = EnvironmentVariables(["PORT": " 4000 ", "DEBUG": "YES", "LOG_LEVEL": "Debug", "URL": "http://backend:4000/"])
        #expect(try environment.port("PORT", default: 1) == 4000)
        #expect(try environment.bool("DEBUG", default: false))
        #expect(try environment.logLevel() == .debug)
        #expect(try environment.httpURL("URL") == "http://backend:4000")
    }

    @Test(arguments: [
        ("PORT", "abc", #"PORT must be an integer between 1 and 65535, got "abc""#),
        ("PORT", "0", #"PORT must be an integer between 1 and 65535, got "0""#),
        ("PORT", "70000", #"PORT must be an integer between 1 and 65535, got "70000""#),
    ])
    func badPortsNameTheVariableAndWhatIsExpected(name: String, value: String, message: String) {
        #expect(throws: ConfigurationError(variable: name, expected: "an integer between 1 and 65535", got: value)) {
            try EnvironmentVariables([name: value]).port(name, default: 8080)
        }
        do {
            _ = try EnvironmentVariables([name: value]).port(name, default: 8080)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func otherKindsOfBadValuesSayWhatIsExpected() {
        let environment = EnvironmentVariables(["LOG_LEVEL": "loud", "FLAG": "maybe", "URL": "backend:4000", "SIZE": "-1"])
        #expect(throws: ConfigurationError(variable: "LOG_LEVEL", expected: "one of trace, debug, info, notice, warning, error, critical", got: "loud")) {
            try environment.logLevel()
        }
        #expect(throws: ConfigurationError(variable: "FLAG", expected: "true or false", got: "maybe")) { try environment.bool("FLAG", default: true) }
        #expect(throws: ConfigurationError(variable: "URL", expected: "an absolute http:// or https:// URL", got: "backend:4000")) {
            try environment.httpURL("URL")
        }
        #expect(throws: ConfigurationError(variable: "SIZE", expected: "an integer between 0 and 100", got: "-1")) {
            try environment.integer("SIZE", default: 5, in: 0...100)
        }
    }

    @Test func serverSettingsRefuseTheSamePortTwice() {
        #expect(throws: ConfigurationError.self) {
            try ServerSettings.load(from: EnvironmentVariables(["PORT": "9000", "METRICS_PORT": "9000"]), defaultPort: 8080, defaultMetricsPort: 9091)
        }
    }
}
