/// The member names seen so far in one JSON object, to reject a name given twice.
///
/// A duplicated name is read differently by different parsers (this gateway's index keeps the
/// last, its values the first, an upstream either): a body the gateway validated could mean
/// something else upstream. Small objects are checked by a scan, large ones through a set, so an
/// object with many members costs linear time.
struct JSONKeySet {
    private static let scanLimit = 16
    private var keys: [String] = []
    private var set: Set<String>?

    /// Adds `key`; false when it was already there.
    mutating func insert(_ key: String) -> Bool {
        if set != nil { return set!.insert(key).inserted }
        if keys.contains(key) { return false }
        // Room for an object's usual few keys at once, instead of growing one by one.
        if keys.isEmpty { keys.reserveCapacity(8) }
        keys.append(key)
        if keys.count == Self.scanLimit {
            set = Set(keys)
            keys = []
        }
        return true
    }
}

extension JSONParser {
    /// The error for a member name given twice in one object (long names cut short).
    func duplicateKeyError(_ key: String, at offset: Int) -> JSONSyntaxError {
        let shown = key.count > 64 ? key.prefix(64) + "..." : Substring(key)
        return JSONSyntaxError(message: "duplicate key '\(shown)'", offset: offset)
    }
}
