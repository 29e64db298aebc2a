public import SwitchboardCore

/// Decodes a client's generateContent body (`POST /v1beta/models/{model}:generateContent` or
/// `:streamGenerateContent`) into the canonical model; the model comes from the URL.
///
/// Members the canonical model has no place for (`safetySettings`, `cachedContent`, `labels`,
/// server tools such as `googleSearch`, unmapped `generationConfig` members) stay in `extra` under
/// their wire names, with `extraFormat = .gemini`, so a Gemini upstream gets them back.
///
/// Gemini CLI in login-with-Google mode wraps the body in a Code Assist envelope
/// (`{model, project, user_prompt_id, request: {...}}`); a body without `contents` whose `request`
/// member holds them is read from that member.
public enum GeminiRequestDecoder {
    static let modelledKeys: Set<String> = ["contents", "systemInstruction", "tools", "toolConfig", "generationConfig", "model"]

    public static func decode(body: [UInt8], model: String, stream: Bool) throws(GatewayError) -> GenerationRequest {
        let parsed: JSONValue
        do {
            parsed = try JSON.parse(body)
        } catch {
            throw GatewayError.malformedJSON(error)
        }
        guard var object = parsed.objectValue else {
            throw GatewayError.invalidRequest("The request body must be a JSON object, but got \(parsed.kindName).")
        }
        if object["contents"] == nil, let wrapped = object["request"]?.objectValue, wrapped["contents"] != nil {
            object = wrapped
        }
        try GeminiRequestValidator.validate(object)

        var request = GenerationRequest(
            model: model, messages: messages(object), stream: stream, streamIncludeUsage: true, extraFormat: .gemini)
        for member in object where !modelledKeys.contains(member.key) {
            request.extra[member.key] = member.value
        }
        readTools(object["tools"]?.arrayValue ?? [], into: &request)
        readToolConfig(object["toolConfig"]?.objectValue, into: &request)
        readGenerationConfig(object["generationConfig"]?.objectValue, into: &request)
        return request
    }

    /// Function declarations become tools; every other tool (`googleSearch`, `codeExecution`,
    /// `urlContext`, ...) is kept in `extra["tools"]`.
    static func readTools(_ tools: [JSONValue], into request: inout GenerationRequest) {
        var serverTools: [JSONValue] = []
        for tool in tools {
            guard var object = tool.objectValue else { continue }
            for declaration in object.removeValue(forKey: "functionDeclarations")?.arrayValue ?? [] {
                guard let name = declaration["name"]?.stringValue else { continue }
                // Proto JSON accepts both spellings; the google-genai SDK sends `parameters_json_schema`.
                let parameters = declaration["parametersJsonSchema"] ?? declaration["parameters_json_schema"]
                    ?? declaration["parameters"].map(GeminiSchema.toJSONSchema)
                request.tools.append(ToolDefinition(
                    name: name, description: declaration["description"]?.stringValue, parameters: parameters))
            }
            if !object.isEmpty { serverTools.append(.object(object)) }
        }
        if !serverTools.isEmpty { request.extra["tools"] = .array(serverTools) }
    }

    /// `functionCallingConfig.mode`: AUTO, ANY (one allowed name: that function), NONE; other
    /// `toolConfig` members (`retrievalConfig`) stay in `extra`.
    static func readToolConfig(_ config: JSONObject?, into request: inout GenerationRequest) {
        guard var config else { return }
        if let calling = config.removeValue(forKey: "functionCallingConfig") {
            let allowed = calling["allowedFunctionNames"]?.arrayValue?.compactMap(\.stringValue) ?? []
            switch calling["mode"]?.stringValue?.uppercased() {
            case "AUTO", "VALIDATED": request.toolChoice = .auto
            case "NONE": request.toolChoice = ToolChoice.none
            case "ANY": request.toolChoice = allowed.count == 1 ? .function(allowed[0]) : .required
            default: break
            }
        }
        if !config.isEmpty { request.extra["toolConfig"] = .object(config) }
    }
}
