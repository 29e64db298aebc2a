import SwitchboardStore

extension Gateway {
    /// Creates a first client key when the store has none and the config names none, so a new
    /// gateway is usable at once. Returns the secret to show the operator (once), or nil.
    public func createInitialKeyIfNeeded() async throws -> String? {
        guard configuration.keys.isEmpty, try await store.listKeys().isEmpty else { return nil }
        let (_, secret) = try await store.createKey(NewClientKey(name: "default"))
        try await keys.refresh()
        return secret
    }
}
