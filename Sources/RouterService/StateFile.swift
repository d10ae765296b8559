import Foundation
import Market
import ServiceKit

/// Loads a market snapshot (ARCHITECTURE.md's format) from a file: `serve --state-file`.
public enum StateFile {
    /// The file cannot be used; `description` says which file and what is wrong with it.
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "cannot load state file \(path): \(reason)" }
    }

    public static func load(path: String) throws(LoadError) -> MarketSnapshot {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "not readable (\(error.localizedDescription))" : "no such file"
            throw LoadError(path: path, reason: reason)
        }
        return try decode(data, path: path)
    }

    public static func decode(_ data: Data, path: String) throws(LoadError) -> MarketSnapshot {
        do {
            return try JSONDecoder().decode(MarketSnapshot.self, from: data)
        } catch let error as DecodingError {
            throw LoadError(path: path, reason: DecodingErrorDescription.message(error, root: "snapshot"))
        } catch {
            throw LoadError(path: path, reason: "\(error)")
        }
    }
}
