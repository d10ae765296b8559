extension KeyedDecodingContainer {
    /// Decodes a JSON integer of type `T`, naming the field when it is out of range. Foundation
    /// on Linux reports a number that does not fit (a negative fee, 300 decimals) as invalid JSON
    /// with no coding path, which would leave a client guessing which field was wrong.
    func decodeInteger<T: FixedWidthInteger & Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        if let value = try? decode(T.self, forKey: key) { return value }
        // Let the ordinary decode produce the ordinary error for a missing key, null or a string.
        if !contains(key) || (try? decodeNil(forKey: key)) == true || (try? decode(String.self, forKey: key)) != nil {
            return try decode(T.self, forKey: key)
        }
        throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "expected an integer between \(T.min) and \(T.max)")
    }
}
