import Hummingbird
import SwitchboardCore

extension TestUpstream {
    /// Routes of the image and audio endpoints, in the wire formats of the providers that serve them.
    func addMediaRoutes(to router: Router<TestUpstreamRequestContext>) {}

    /// A Gemini image model's `generateContent` answer (inline image data), or nil for other models.
    func geminiImageAnswer(model: String, json: JSONValue) -> Response? {
        nil
    }
}
