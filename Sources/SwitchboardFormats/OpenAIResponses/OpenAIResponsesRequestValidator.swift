import SwitchboardCore

/// The checks of `tools` and `text.format` that must fail with a 400 naming the field, before
/// the request goes anywhere.
enum OpenAIResponsesRequestValidator {
    static func validateTools(_ value: JSONValue?) throws(GatewayError) {
        for (offset, tool) in (value?.arrayValue ?? []).enumerated() {
            let path = "tools[\(offset)]"
            guard tool.objectValue != nil else {
                throw GatewayError.invalidRequest(
                    "Invalid type for '\(path)': expected an object, but got \(tool.kindName).", param: path)
            }
            guard let type = tool["type"]?.stringValue else {
                throw GatewayError.invalidRequest("Missing required parameter: '\(path).type'.", param: "\(path).type")
            }
            guard type == "function" else { continue }
            guard let name = tool["name"], !name.isNull else {
                throw GatewayError.invalidRequest("Missing required parameter: '\(path).name'.", param: "\(path).name")
            }
            guard name.stringValue != nil else {
                throw GatewayError.invalidRequest(
                    "Invalid type for '\(path).name': expected a string, but got \(name.kindName).", param: "\(path).name")
            }
            if let parameters = tool["parameters"], !parameters.isNull, parameters.objectValue == nil {
                throw GatewayError.invalidRequest(
                    "Invalid type for '\(path).parameters': expected an object, but got \(parameters.kindName).",
                    param: "\(path).parameters")
            }
        }
    }

    static func validateTextFormat(_ text: JSONValue?) throws(GatewayError) {
        guard let format = text?["format"], !format.isNull else { return }
        guard format.objectValue != nil else {
            throw GatewayError.invalidRequest(
                "Invalid type for 'text.format': expected an object, but got \(format.kindName).", param: "text.format")
        }
        guard format["type"]?.stringValue == "json_schema" else { return }
        guard let schema = format["schema"], !schema.isNull else {
            throw GatewayError.invalidRequest(
                "Missing required parameter: 'text.format.schema'.", param: "text.format.schema")
        }
        guard schema.objectValue != nil else {
            throw GatewayError.invalidRequest(
                "Invalid type for 'text.format.schema': expected an object, but got \(schema.kindName).",
                param: "text.format.schema")
        }
    }
}
