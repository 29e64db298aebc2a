import SwitchboardCore

/// Writes canonical blocks as Anthropic content blocks: the pieces the response encoder and the
/// upstream adapter share. What to do with blocks Anthropic cannot take (foreign reasoning,
/// unknown parts) is each caller's policy.
enum AnthropicContentWriter {
    static func text(_ text: String) -> JSONValue {
        .object(["type": "text", "text": .string(text)])
    }

    static func toolUse(_ call: ToolCall, input: JSONObject) -> JSONValue {
        .object(["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": .object(input)])
    }

    /// A tool call's arguments as the `input` object; nil when they are not a JSON object.
    /// Empty arguments (a call without parameters) read as `{}`.
    static func input(of call: ToolCall) -> JSONObject? {
        if call.arguments.allSatisfy(\.isWhitespace) { return [:] }
        return (try? JSON.parse(call.arguments))?.objectValue
    }

    static func thinking(text: String, signature: String?) -> JSONValue {
        var block: JSONObject = ["type": "thinking", "thinking": .string(text)]
        if let signature { block["signature"] = .string(signature) }
        return .object(block)
    }

    static func redactedThinking(_ data: String) -> JSONValue {
        .object(["type": "redacted_thinking", "data": .string(data)])
    }

    /// An image block: inline base64 data, a `data:` URL split into media type and data, or a URL.
    static func image(_ image: ImageSource) -> JSONValue? {
        if let data = image.base64Data {
            return base64Image(mediaType: image.mediaType ?? "image/png", data: data)
        }
        guard let url = image.url else { return nil }
        if url.hasPrefix("data:") {
            guard let comma = url.firstIndex(of: ","), url[..<comma].hasSuffix(";base64") else { return nil }
            let mediaType = url[url.index(url.startIndex, offsetBy: 5)..<comma].dropLast(";base64".count)
            return base64Image(mediaType: mediaType.isEmpty ? "image/png" : String(mediaType), data: String(url[url.index(after: comma)...]))
        }
        return .object(["type": "image", "source": .object(["type": "url", "url": .string(url)])])
    }

    private static func base64Image(mediaType: String, data: String) -> JSONValue {
        .object([
            "type": "image",
            "source": .object(["type": "base64", "media_type": .string(mediaType), "data": .string(data)]),
        ])
    }
}
