import SwitchboardCore

/// The open output items of a stream and the events that open, extend and close them.
extension OpenAIResponsesStreamEncoder {
    struct OpenMessage {
        var outputIndex: Int
        var itemID: String
        var parts: [OpenAIResponsesItems.MessagePart] = []
        var partOpen = false
    }

    struct OpenReasoning {
        var outputIndex: Int
        var itemID: String
        var blockIndex: Int
        var summaryOpen = false
    }

    struct OpenCall {
        var index: Int
        var outputIndex: Int
        var itemID: String
    }

    // MARK: Messages

    mutating func appendMessageText(_ text: String, isRefusal: Bool) -> [ServerSentEvent] {
        guard !text.isEmpty else { return [] }
        content.append(isRefusal ? .refusal(text) : .text(text))
        var events: [ServerSentEvent] = []
        if openMessage == nil {
            events += closeAll()
            let index = takeOutputIndex()
            let message = OpenMessage(outputIndex: index, itemID: OpenAIResponsesItems.itemID("msg", responseID: id, index: index))
            openMessage = message
            let item = OpenAIResponsesItems.messageItem(id: message.itemID, parts: [], status: "in_progress")
            events.append(emit("response.output_item.added", ["output_index": .int(index), "item": item]))
        }
        guard var message = openMessage else { return events }
        if message.partOpen, message.parts[message.parts.count - 1].isRefusal != isRefusal {
            events += closePart(&message)
        }
        if !message.partOpen {
            message.parts.append(OpenAIResponsesItems.MessagePart(isRefusal: isRefusal, text: ""))
            message.partOpen = true
            let empty = isRefusal ? OpenAIResponsesItems.refusalPart("") : OpenAIResponsesItems.textPart("")
            events.append(emit("response.content_part.added", partFields(message, ["part": empty])))
        }
        message.parts[message.parts.count - 1].text += text
        let deltaFields: JSONObject = isRefusal ? ["delta": .string(text)] : ["delta": .string(text), "logprobs": .array([])]
        events.append(emit(isRefusal ? "response.refusal.delta" : "response.output_text.delta", partFields(message, deltaFields)))
        openMessage = message
        return events
    }

    private func partFields(_ message: OpenMessage, _ fields: JSONObject) -> JSONObject {
        var object: JSONObject = [
            "item_id": .string(message.itemID), "output_index": .int(message.outputIndex),
            "content_index": .int(message.parts.count - 1),
        ]
        for member in fields { object[member.key] = member.value }
        return object
    }

    private mutating func closePart(_ message: inout OpenMessage) -> [ServerSentEvent] {
        guard message.partOpen, let part = message.parts.last else { return [] }
        message.partOpen = false
        let done: ServerSentEvent = part.isRefusal
            ? emit("response.refusal.done", partFields(message, ["refusal": .string(part.text)]))
            : emit("response.output_text.done", partFields(message, ["text": .string(part.text), "logprobs": .array([])]))
        return [done, emit("response.content_part.done", partFields(message, ["part": OpenAIResponsesItems.partJSON(part)]))]
    }

    private mutating func closeMessage() -> [ServerSentEvent] {
        guard var message = openMessage else { return [] }
        openMessage = nil
        var events = closePart(&message)
        let item = OpenAIResponsesItems.messageItem(id: message.itemID, parts: message.parts.map(OpenAIResponsesItems.partJSON))
        events.append(emit("response.output_item.done", ["output_index": .int(message.outputIndex), "item": item]))
        return events
    }

    // MARK: Reasoning

    mutating func appendReasoning(_ delta: Reasoning) -> [ServerSentEvent] {
        let closes = delta.text.isEmpty && (delta.signature != nil || delta.encryptedContent != nil)
        guard !delta.text.isEmpty || closes else { return [] }
        let blockIndex: Int
        if let extendable = extendableReasoningBlock, extendable == content.count - 1,
            case .reasoning(var current) = content[extendable], current.id == delta.id
        {
            current.text += delta.text
            if let signature = delta.signature { current.signature = signature }
            if let encrypted = delta.encryptedContent { current.encryptedContent = encrypted }
            if current.providerFamily == nil { current.providerFamily = delta.providerFamily }
            content[extendable] = .reasoning(current)
            blockIndex = extendable
        } else {
            content.append(.reasoning(delta))
            blockIndex = content.count - 1
        }
        extendableReasoningBlock = closes ? nil : blockIndex
        guard case .reasoning(let block) = content[blockIndex], OpenAIResponsesItems.isVisible(block) else { return [] }

        var events: [ServerSentEvent] = []
        if openReasoning?.blockIndex != blockIndex {
            events += closeAll()
            let index = takeOutputIndex()
            let itemID = OpenAIResponsesItems.reasoningItemID(block, responseID: id, index: index)
            openReasoning = OpenReasoning(outputIndex: index, itemID: itemID, blockIndex: blockIndex)
            let item: JSONValue = .object(["id": .string(itemID), "type": "reasoning", "summary": .array([])])
            events.append(emit("response.output_item.added", ["output_index": .int(index), "item": item]))
        }
        guard var reasoning = openReasoning else { return events }
        if !delta.text.isEmpty {
            if !reasoning.summaryOpen {
                reasoning.summaryOpen = true
                events.append(emit("response.reasoning_summary_part.added", summaryFields(reasoning, [
                    "part": OpenAIResponsesItems.summaryPart(""),
                ])))
            }
            events.append(emit("response.reasoning_summary_text.delta", summaryFields(reasoning, ["delta": .string(delta.text)])))
        }
        openReasoning = reasoning
        if closes { events += closeReasoning() }
        return events
    }

    private func summaryFields(_ reasoning: OpenReasoning, _ fields: JSONObject) -> JSONObject {
        var object: JSONObject = [
            "item_id": .string(reasoning.itemID), "output_index": .int(reasoning.outputIndex), "summary_index": .int(0),
        ]
        for member in fields { object[member.key] = member.value }
        return object
    }

    private mutating func closeReasoning() -> [ServerSentEvent] {
        guard let reasoning = openReasoning, case .reasoning(let block) = content[reasoning.blockIndex] else { return [] }
        openReasoning = nil
        if extendableReasoningBlock == reasoning.blockIndex { extendableReasoningBlock = nil }
        var events: [ServerSentEvent] = []
        if reasoning.summaryOpen {
            events.append(emit("response.reasoning_summary_text.done", summaryFields(reasoning, ["text": .string(block.text)])))
            events.append(emit("response.reasoning_summary_part.done", summaryFields(reasoning, [
                "part": OpenAIResponsesItems.summaryPart(block.text),
            ])))
        }
        let item = OpenAIResponsesItems.reasoningItem(block, id: reasoning.itemID)
        events.append(emit("response.output_item.done", ["output_index": .int(reasoning.outputIndex), "item": item]))
        return events
    }

    // MARK: Function calls

    mutating func startCall(index: Int, callID: String, name: String) -> [ServerSentEvent] {
        var events = closeMessage() + closeReasoning()
        extendableReasoningBlock = nil
        content.append(.toolCall(ToolCall(id: callID, name: name, arguments: "")))
        callBlocks[index] = content.count - 1
        let outputIndex = takeOutputIndex()
        let call = OpenCall(index: index, outputIndex: outputIndex, itemID: OpenAIResponsesItems.itemID("fc", responseID: id, index: outputIndex))
        openCalls.append(call)
        let item = OpenAIResponsesItems.functionCallItem(
            ToolCall(id: callID, name: name, arguments: ""), id: call.itemID, status: "in_progress")
        events.append(emit("response.output_item.added", ["output_index": .int(outputIndex), "item": item]))
        return events
    }

    mutating func appendArguments(index: Int, delta: String) -> [ServerSentEvent] {
        guard !delta.isEmpty, let blockIndex = callBlocks[index], case .toolCall(var call) = content[blockIndex] else { return [] }
        call.arguments += delta
        content[blockIndex] = .toolCall(call)
        guard let open = openCalls.first(where: { $0.index == index }) else { return [] }
        return [emit("response.function_call_arguments.delta", [
            "item_id": .string(open.itemID), "output_index": .int(open.outputIndex), "delta": .string(delta),
        ])]
    }

    private mutating func closeCalls() -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for open in openCalls {
            guard let blockIndex = callBlocks[open.index], case .toolCall(let call) = content[blockIndex] else { continue }
            events.append(emit("response.function_call_arguments.done", [
                "item_id": .string(open.itemID), "name": .string(call.name), "output_index": .int(open.outputIndex),
                "arguments": .string(call.arguments),
            ]))
            let item = OpenAIResponsesItems.functionCallItem(call, id: open.itemID)
            events.append(emit("response.output_item.done", ["output_index": .int(open.outputIndex), "item": item]))
        }
        openCalls.removeAll()
        return events
    }

    // MARK: Shared

    mutating func closeAll() -> [ServerSentEvent] {
        closeMessage() + closeReasoning() + closeCalls()
    }

    private mutating func takeOutputIndex() -> Int {
        defer { nextOutputIndex += 1 }
        return nextOutputIndex
    }
}
