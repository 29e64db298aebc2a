import SwitchboardCore

/// Reads one Gemini `Part` into canonical content blocks, the same way for a client's request and
/// an upstream's answer.
///
/// Gemini 3 puts `thoughtSignature` on ordinary parts too (the first text part of an answer, a
/// `functionCall`). On a call the signature lives in ``ToolCall/signature``; on a text part it is
/// kept as a `.reasoning` block with empty text and that signature, placed just before the text, so
/// it goes back to Gemini on the same part (see ``GeminiContentWriter``) and is dropped for every
/// other family.
enum GeminiPartReader {
    static let family = ProviderFamily.gemini.rawValue

    /// The members that make a part what it is (at least one must be present).
    static let dataMembers: Set<String> = [
        "text", "inlineData", "fileData", "functionCall", "functionResponse", "executableCode",
        "codeExecutionResult", "thoughtSignature",
    ]

    /// The blocks for one part. `callNumber` counts the function calls seen so far and names those
    /// that come without an id (`call_<n>`). A `functionResponse` is read by the caller, which
    /// knows the earlier calls; here it stays `.unknown`.
    static func blocks(of part: JSONObject, callNumber: inout Int) -> [ContentBlock] {
        let signature = part["thoughtSignature"]?.stringValue
        if let text = part["text"]?.stringValue {
            if part["thought"]?.boolValue == true {
                return [.reasoning(Reasoning(text: text, signature: signature, providerFamily: family))]
            }
            var blocks: [ContentBlock] = []
            if let signature { blocks.append(signatureBlock(signature)) }
            if !text.isEmpty { blocks.append(.text(text)) }
            return blocks
        }
        if let call = part["functionCall"]?.objectValue {
            return [.toolCall(toolCall(call, signature: signature, callNumber: &callNumber))]
        }
        if let inline = part["inlineData"]?.objectValue {
            let mimeType = inline["mimeType"]?.stringValue
            guard isImage(mimeType), let data = inline["data"]?.stringValue else { return [.unknown(.object(part))] }
            return [.image(ImageSource(mediaType: mimeType, base64Data: data))]
        }
        if let file = part["fileData"]?.objectValue {
            let mimeType = file["mimeType"]?.stringValue
            guard mimeType == nil || isImage(mimeType), let uri = file["fileUri"]?.stringValue else {
                return [.unknown(.object(part))]
            }
            return [.image(ImageSource(url: uri, mediaType: mimeType))]
        }
        if let signature, part.keys.allSatisfy({ $0 == "thoughtSignature" || $0 == "thought" }) {
            return [signatureBlock(signature)]
        }
        return [.unknown(.object(part))]
    }

    static func toolCall(_ call: JSONObject, signature: String?, callNumber: inout Int) -> ToolCall {
        defer { callNumber += 1 }
        let arguments = call["args"].map { JSON.string($0) } ?? "{}"
        return ToolCall(
            id: call["id"]?.stringValue ?? "call_\(callNumber)", name: call["name"]?.stringValue ?? "",
            arguments: arguments, signature: signature)
    }

    /// A signature that came on a non-thought part, as its own empty reasoning block.
    static func signatureBlock(_ signature: String) -> ContentBlock {
        .reasoning(Reasoning(text: "", signature: signature, providerFamily: family))
    }

    static func isImage(_ mimeType: String?) -> Bool {
        mimeType?.lowercased().hasPrefix("image/") == true
    }
}
