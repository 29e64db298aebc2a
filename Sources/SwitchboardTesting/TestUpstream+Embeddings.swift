import Hummingbird
import SwitchboardCore

extension TestUpstream {
    /// Routes of the embeddings endpoints, in the wire formats of the providers that serve them.
    func addEmbeddingsRoutes(to router: Router<TestUpstreamRequestContext>) {}

    /// Gemini's `:embedContent` and `:batchEmbedContents` for `model`, after the key was checked.
    func geminiEmbeddings(model: String, action: String, json: JSONValue) -> Response {
        TestUpstreamScenario(model: model, wire: .gemini, stream: false).error(status: 404, message: "Method not found: \(action).")
    }
}
