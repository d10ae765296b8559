/// Values already worked out, by key, for the few dozen keys one quote meets (a candidate's
/// scores by amount, a group of legs' by allocation): scanning a few 256-bit keys costs less
/// than hashing each lookup.
struct SmallMemo<Key: Equatable, Value> {
    /// About the amounts a candidate is valued at in one optimisation: the arrays grow once or never.
    static var initialCapacity: Int { 16 }

    private var keys: [Key] = []
    private var values: [Value] = []

    func value(for key: Key) -> Value? {
        // The scan runs for every valuation the optimiser asks for: no bounds check per key.
        let found = keys.withUnsafeBufferPointer { keys in keys.firstIndex(of: key) }
        return found.map { values[$0] }
    }

    mutating func record(_ value: Value, for key: Key) {
        if keys.isEmpty {
            keys.reserveCapacity(Self.initialCapacity)
            values.reserveCapacity(Self.initialCapacity)
        }
        keys.append(key)
        values.append(value)
    }
}
