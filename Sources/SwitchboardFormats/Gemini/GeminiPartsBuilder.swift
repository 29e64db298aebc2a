import SwitchboardCore

/// Builds the `parts` of one Gemini content from canonical blocks, putting each `thoughtSignature`
/// back where Gemini expects it.
///
/// A Gemini reasoning block with text becomes a `thought: true` part carrying its signature. One
/// with empty text is a signature that came on the following part (see ``GeminiPartReader``): it
/// goes onto the next part added, or onto an empty text part when nothing follows. Signatures
/// from other families are never written; their reasoning text is written as a thought only when
/// `showsForeignThoughts` (a client reading the answer), never to a Gemini upstream.
struct GeminiPartsBuilder {
    let showsForeignThoughts: Bool
    private(set) var parts: [JSONValue] = []
    private var pendingSignature: String?

    init(showsForeignThoughts: Bool) {
        self.showsForeignThoughts = showsForeignThoughts
    }

    mutating func addReasoning(_ reasoning: Reasoning) {
        let native = reasoning.isNative(to: .gemini)
        if reasoning.text.isEmpty {
            if native, let signature = reasoning.signature { pendingSignature = signature }
            return
        }
        guard native || showsForeignThoughts else { return }
        var part: JSONObject = ["text": .string(reasoning.text), "thought": .bool(true)]
        if native, let signature = reasoning.signature { part["thoughtSignature"] = .string(signature) }
        parts.append(.object(part))
    }

    mutating func addText(_ text: String) {
        add(["text": .string(text)])
    }

    /// A `functionCall` part; the call's own signature wins over a pending one.
    mutating func addCall(_ call: ToolCall, arguments: JSONValue) {
        var functionCall: JSONObject = ["name": .string(call.name), "args": arguments]
        if !call.id.isEmpty { functionCall["id"] = .string(call.id) }
        add(["functionCall": .object(functionCall)], signature: call.signature)
    }

    mutating func add(_ part: JSONObject, signature: String? = nil) {
        var part = part
        if let signature = signature ?? pendingSignature { part["thoughtSignature"] = .string(signature) }
        pendingSignature = nil
        parts.append(.object(part))
    }

    /// The parts, with a signature left over carried on an empty text part.
    mutating func finish() -> [JSONValue] {
        if let signature = pendingSignature {
            parts.append(.object(["text": "", "thoughtSignature": .string(signature)]))
            pendingSignature = nil
        }
        return parts
    }

    /// An image as `inlineData` (base64 or a `data:` URL) or `fileData` (any other URL, its MIME
    /// type guessed from the extension, `image/jpeg` when unknown).
    static func imagePart(_ image: ImageSource) -> JSONObject? {
        if let data = image.base64Data {
            return ["inlineData": .object(["mimeType": .string(image.mediaType ?? "image/jpeg"), "data": .string(data)])]
        }
        guard let url = image.url else { return nil }
        if url.hasPrefix("data:"), let comma = url.firstIndex(of: ",") {
            let header = url[url.index(url.startIndex, offsetBy: 5)..<comma]
            let mimeType = header.split(separator: ";").first.map(String.init) ?? "image/jpeg"
            return ["inlineData": .object(["mimeType": .string(mimeType.isEmpty ? "image/jpeg" : mimeType),
                                           "data": .string(String(url[url.index(after: comma)...]))])]
        }
        return ["fileData": .object(["mimeType": .string(image.mediaType ?? mimeType(of: url)), "fileUri": .string(url)])]
    }

    static func mimeType(of url: String) -> String {
        let path = url.split(separator: "?").first.map(String.init) ?? url
        let fileExtension = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch fileExtension {
        case "png": return "image/png"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "heic": return "image/heic"
        case "heif": return "image/heif"
        case "pdf": return "application/pdf"
        default: return "image/jpeg"
        }
    }
}
