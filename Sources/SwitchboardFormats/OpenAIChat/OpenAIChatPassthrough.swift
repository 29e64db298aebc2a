import SwitchboardCore

/// Builds the body sent to an OpenAI-compatible upstream from the client's own body.
///
/// Only `model` is rewritten (alias to upstream name); for streams the gateway also asks for
/// usage (`stream_options.include_usage`) so every request can be accounted. Every other byte
/// is the client's.
public enum OpenAIChatPassthrough {
    public static func upstreamBody(
        for request: OpenAIChatInboundRequest, upstreamModel: String, requestStreamUsage: Bool
    ) -> [UInt8] {
        var splice = JSONSplice(document: request.body, index: request.index)
        if upstreamModel != request.model {
            splice.set("model", to: .string(upstreamModel))
        }
        if let messages = request.normalizedMessages {
            splice.set("messages", to: messages)
        }
        if request.stream, requestStreamUsage, !request.includeUsage {
            if let given = request.index["stream_options"],
               var options = try? JSON.parse(request.body[given.valueRange]).objectValue
            {
                options["include_usage"] = .bool(true)
                splice.set("stream_options", to: .object(options))
            } else {
                // The usual case (the client gave no options) costs no JSON built and written.
                splice.set("stream_options", rawValue: Self.usageOnlyStreamOptions)
            }
        }
        return splice.result()
    }

    private static let usageOnlyStreamOptions = JSON.serialize(.object(["include_usage": .bool(true)]))
}
