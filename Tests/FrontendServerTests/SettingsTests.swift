import ServiceKit
import Testing
@testable import FrontendServer

@Suite struct SettingsTests {
    @Test func defaultsRunLocally() throws {
        let settings = try FrontendSettings.load(from: EnvironmentVariables([:]))
        #expect(settings.port == 3000)
        #expect(settings.host == "0.0.0.0")
        #expect(settings.root == "./Frontend")
        #expect(settings.runtime == RuntimeConfig(apiURL: "http://localhost:4000", wsURL: "ws://localhost:4001/ws", chainId: 8453))
    }

    @Test func environmentOverrides() throws {
        let settings = try FrontendSettings.load(from: EnvironmentVariables([
            "PORT": "8081", "FRONTEND_ROOT": "/app/Frontend", "API_URL": "https://api.basebook.xyz/",
            "WS_URL": "wss://ws.basebook.xyz/ws", "CHAIN_ID": "84532", "LOG_LEVEL": "debug",
        ]))
        #expect(settings.port == 8081)
        #expect(settings.root == "/app/Frontend")
        #expect(settings.runtime.apiUrl == "https://api.basebook.xyz")
        #expect(settings.runtime.wsUrl == "wss://ws.basebook.xyz/ws")
        #expect(settings.runtime.chainId == 84532)
        #expect(settings.logLevel == .debug)
    }

    @Test(arguments: [("API_URL", "ftp://x"), ("WS_URL", "http://x/ws"), ("WS_URL", "ws://"), ("CHAIN_ID", "main"), ("PORT", "0")])
    func badValuesNameTheVariable(name: String, value: String) {
        #expect(throws: ConfigurationError.self) {
            try FrontendSettings.load(from: EnvironmentVariables([name: value]))
        }
        do {
            _ = try FrontendSettings.load(from: EnvironmentVariables([name: value]))
        } catch {
            #expect(error.variable == name)
        }
    }

    @Test func originsForTheContentSecurityPolicy() {
        #expect(RuntimeConfig.origin(of: "https://API.basebook.xyz/v1") == "https://api.basebook.xyz")
        #expect(RuntimeConfig.origin(of: "ws://localhost:4001/ws") == "ws://localhost:4001")
        #expect(RuntimeConfig.origin(of: "https://user:pw@host:8443/x") == "https://host:8443")
        let csp = SecurityHeaders.contentSecurityPolicy(runtime: RuntimeConfig(apiURL: "http://localhost:4000", wsURL: "ws://localhost:4001/ws"))
        #expect(csp.contains("connect-src 'self' http://localhost:4000 ws://localhost:4001;"))
    }
}
