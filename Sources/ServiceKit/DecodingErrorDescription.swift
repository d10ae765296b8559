/// One line naming the field a JSON document got wrong: "requests[2].amount: expected a string".
public enum DecodingErrorDescription {
    /// `root` names the document itself, for errors not inside any field.
    public static func fieldPath(_ error: DecodingError, root: String = "body") -> String {
        switch error {
        case .keyNotFound(let key, let context): path(context.codingPath + [key], root: root)
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path(context.codingPath, root: root)
        @unknown default: root
        }
    }

    public static func message(_ error: DecodingError, root: String = "body") -> String {
        let field = fieldPath(error, root: root)
        switch error {
        case .keyNotFound: return "\(field): missing"
        case .typeMismatch(let type, _): return "\(field): expected \(typeName(type))"
        case .valueNotFound(let type, _): return "\(field): expected \(typeName(type)), found null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "\(root): not valid JSON" }
            return "\(field): \(context.debugDescription)"
        @unknown default: return "\(root): \(error)"
        }
    }

    static func path(_ codingPath: [any CodingKey], root: String) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : "." + key.stringValue }
        }
        return text.isEmpty ? root : text
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int32.Type, is Int64.Type, is UInt32.Type, is UInt64.Type, is UInt8.Type: "an integer"
        case is Double.Type: "a number"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" : (String(describing: type).hasPrefix("Dictionary") ? "an object" : "\(type)")
        }
    }
}
