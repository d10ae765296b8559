/// A page of a list: `{"data":[…],"nextCursor":"…"|null}`.
struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    var data: [Item]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey { case data, nextCursor }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        // Explicit null: clients test for it.
        if let nextCursor { try container.encode(nextCursor, forKey: .nextCursor) } else { try container.encodeNil(forKey: .nextCursor) }
    }
}
