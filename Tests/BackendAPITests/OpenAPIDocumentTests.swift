import Foundation
import HummingbirdTesting
import Testing
@testable import BackendAPI

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    @Test("documents exactly the routes the server registers, and is served as JSON")
    func matchesRoutes() async throws {
        let fixture = try await BackendFixture.make(minutes: 1)
        let (app, endpoints) = try fixture.app(settings: try BackendFixture.settings(), routerURL: "http://127.0.0.1:9")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { EndpointTable.Endpoint(method: $0, path: path) } })
        #expect(documented == Set(endpoints))
        try await app.test(.router) { client in
            let served = try await client.get("/openapi.json")
            #expect(served.status == .ok)
            #expect(String(buffer: served.body) == OpenAPIDocument.json)
        }
    }

    @Test("every schema reference resolves")
    func references() throws {
        let text = OpenAPIDocument.json
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let components = try #require(document["components"] as? [String: [String: Any]])
        let pattern = try NSRegularExpression(pattern: "\"#/components/(schemas|responses)/([A-Za-z]+)\"")
        let matches = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text))
        #expect(!matches.isEmpty)
        for match in matches {
            let kind = String(text[Range(match.range(at: 1), in: text)!])
            let name = String(text[Range(match.range(at: 2), in: text)!])
            #expect(components[kind]?[name] != nil, "unresolved #/components/\(kind)/\(name)")
        }
    }
}
