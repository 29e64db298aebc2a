public import SwitchboardCore

/// Reads a Responses event stream from an upstream into canonical stream events.
///
/// Text, refusal, reasoning-summary and argument deltas pass on as they arrive; a reasoning
/// item's `encrypted_content` comes with its `response.output_item.done` (as an empty-text
/// reasoning delta that closes the item). Function calls are numbered from 0 in order of
/// appearance and keep OpenAI's `call_id`. `error` and `response.failed` throw; a stream that
/// ends without `response.completed` or `response.incomplete` is an error too.
public struct OpenAIResponsesStreamDecoder: UpstreamStreamDecoding {
    private var finished = false
    private var nextCallIndex = 0
    private var callIndexByItemID: [String: Int] = [:]
    private var callIndexByOutputIndex: [Int: Int] = [:]
    private var callsWithArguments: Set<Int> = []
    private var itemsWithDeltas: Set<String> = []

    public init() {}

    public mutating func decode(_ event: ServerSentEvent) throws(GatewayError) -> [StreamEvent] {
        guard !event.data.isEmpty else { return [] }
        guard let payload = try? JSON.parse(event.data), payload.objectValue != nil else {
            throw GatewayError(.upstreamUnavailable, "The upstream sent a stream event that is not a JSON object.")
        }
        let itemID = payload["item_id"]?.stringValue ?? ""
        switch payload["type"]?.stringValue ?? event.event ?? "" {
        case "response.created":
            let response = payload["response"]
            return [.start(
                id: response?["id"]?.stringValue ?? "", model: response?["model"]?.stringValue ?? "",
                created: response?["created_at"]?.intValue ?? 0)]
        case "response.output_text.delta":
            itemsWithDeltas.insert(itemID)
            return nonEmpty(payload["delta"]).map { [.textDelta($0)] } ?? []
        case "response.refusal.delta":
            itemsWithDeltas.insert(itemID)
            return nonEmpty(payload["delta"]).map { [.refusalDelta($0)] } ?? []
        case "response.reasoning_summary_part.added":
            guard (payload["summary_index"]?.intValue ?? 0) > 0 else { return [] }
            return [.reasoningDelta(openAIReasoning(OpenAIResponsesItems.summarySeparator, id: itemID))]
        case "response.reasoning_summary_text.delta":
            itemsWithDeltas.insert(itemID)
            return nonEmpty(payload["delta"]).map { [.reasoningDelta(openAIReasoning($0, id: itemID))] } ?? []
        case "response.output_item.added":
            guard let item = payload["item"], item["type"]?.stringValue == "function_call" else { return [] }
            return startCall(item, outputIndex: payload["output_index"]?.intValue)
        case "response.function_call_arguments.delta":
            guard let index = callIndex(itemID: itemID, outputIndex: payload["output_index"]?.intValue),
                let delta = nonEmpty(payload["delta"])
            else { return [] }
            callsWithArguments.insert(index)
            return [.toolCallArgumentsDelta(index: index, delta: delta)]
        case "response.function_call_arguments.done":
            guard let index = callIndex(itemID: itemID, outputIndex: payload["output_index"]?.intValue) else { return [] }
            return argumentsIfNoneStreamed(index: index, arguments: payload["arguments"])
        case "response.output_item.done":
            guard let item = payload["item"] else { return [] }
            return completeItem(item, outputIndex: payload["output_index"]?.intValue)
        case "response.completed", "response.incomplete":
            finished = true
            let response = payload["response"] ?? .null
            var reason = OpenAIResponsesStatus.finishReason(of: response)
            if reason == .stop, nextCallIndex > 0 { reason = .toolCalls }
            var events: [StreamEvent] = [.finish(reason)]
            if let usage = OpenAIResponsesUsage.decode(response["usage"]) { events.append(.usage(usage)) }
            return events
        case "error":
            throw OpenAIResponsesUpstreamError.error(fromEvent: payload)
        case "response.failed":
            throw OpenAIResponsesUpstreamError.error(fromFailedResponse: payload["response"] ?? .null)
        default:
            return []
        }
    }

    public mutating func finish() throws(GatewayError) -> [StreamEvent] {
        guard finished else {
            throw GatewayError(.upstreamUnavailable, "The upstream's Responses stream ended before response.completed.")
        }
        return []
    }

    private mutating func startCall(_ item: JSONValue, outputIndex: Int?) -> [StreamEvent] {
        let index = nextCallIndex
        nextCallIndex += 1
        if let id = item["id"]?.stringValue { callIndexByItemID[id] = index }
        if let outputIndex { callIndexByOutputIndex[outputIndex] = index }
        let call = OpenAIResponsesItemDecoder.toolCall(of: item)
        var events: [StreamEvent] = [.toolCallStart(index: index, id: call.id, name: call.name)]
        if let arguments = item["arguments"]?.stringValue, !arguments.isEmpty {
            callsWithArguments.insert(index)
            events.append(.toolCallArgumentsDelta(index: index, delta: arguments))
        }
        return events
    }

    private func callIndex(itemID: String, outputIndex: Int?) -> Int? {
        callIndexByItemID[itemID] ?? outputIndex.flatMap { callIndexByOutputIndex[$0] }
    }

    private mutating func argumentsIfNoneStreamed(index: Int, arguments: JSONValue?) -> [StreamEvent] {
        guard !callsWithArguments.contains(index), let arguments = nonEmpty(arguments) else { return [] }
        callsWithArguments.insert(index)
        return [.toolCallArgumentsDelta(index: index, delta: arguments)]
    }

    /// A finished item: reasoning's encrypted content, and the content of items whose deltas
    /// never came (an upstream that sends whole items only).
    private mutating func completeItem(_ item: JSONValue, outputIndex: Int?) -> [StreamEvent] {
        let id = item["id"]?.stringValue ?? ""
        switch item["type"]?.stringValue {
        case "reasoning":
            let whole = OpenAIResponsesItemDecoder.reasoning(of: item)
            var events: [StreamEvent] = []
            if !itemsWithDeltas.contains(id), !whole.text.isEmpty {
                events.append(.reasoningDelta(openAIReasoning(whole.text, id: id)))
            }
            if let encrypted = whole.encryptedContent {
                var closing = openAIReasoning("", id: id)
                closing.encryptedContent = encrypted
                events.append(.reasoningDelta(closing))
            }
            return events
        case "message":
            guard !itemsWithDeltas.contains(id) else { return [] }
            return (item["content"]?.arrayValue ?? []).compactMap { part in
                switch OpenAIResponsesItemDecoder.contentBlock(ofPart: part) {
                case .text(let text) where !text.isEmpty: .textDelta(text)
                case .refusal(let text) where !text.isEmpty: .refusalDelta(text)
                default: nil
                }
            }
        case "function_call":
            guard let index = callIndex(itemID: id, outputIndex: outputIndex) else {
                return startCall(item, outputIndex: outputIndex)
            }
            return argumentsIfNoneStreamed(index: index, arguments: item["arguments"])
        default:
            return []
        }
    }

    private func openAIReasoning(_ text: String, id: String) -> Reasoning {
        Reasoning(text: text, providerFamily: ProviderFamily.openai.rawValue, id: id.isEmpty ? nil : id)
    }

    private func nonEmpty(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue, !text.isEmpty else { return nil }
        return text
    }
}
