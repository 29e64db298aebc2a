/// The model names the built-in `mock` channel serves when no config file names its own: one per
/// kind of endpoint, so every endpoint works offline out of the box. Each endpoint family lists its
/// names in its own file (`MockModels+Embeddings.swift`, ...).
public enum MockModels {
    /// Chat, Responses, Messages and Gemini generation.
    public static let generation = ["mock-1"]

    /// Everything the default mock channel serves.
    public static var served: [String] { generation + embeddings + media + tasks }
}
