import SwitchboardCore
import SwitchboardFormats

/// Checks an encoded Responses stream against the rules OpenAI's SDKs rely on, returning every
/// violation found (empty when the stream is well formed).
enum ResponsesStreamGrammar {
    static let deltaTypes: Set<String> = [
        "response.output_text.delta", "response.refusal.delta", "response.reasoning_summary_text.delta",
        "response.function_call_arguments.delta",
    ]

    static func violations(_ events: [ServerSentEvent]) -> [String] {
        var problems: [String] = []
        var payloads: [JSONValue] = []
        for (offset, event) in events.enumerated() {
            guard let payload = try? JSON.parse(event.data) else {
                problems.append("event \(offset) is not JSON")
                continue
            }
            payloads.append(payload)
            let type = payload["type"]?.stringValue ?? ""
            if event.event != type { problems.append("event \(offset): `event:` \(event.event ?? "nil") != type \(type)") }
            if payload["sequence_number"]?.intValue != offset {
                problems.append("event \(offset) (\(type)): sequence_number \(payload["sequence_number"].map(JSON.string) ?? "nil")")
            }
        }
        let types = payloads.map { $0["type"]?.stringValue ?? "" }
        guard types.count >= 3 else { return problems + ["fewer than 3 events"] }
        if types[0] != "response.created" || types[1] != "response.in_progress" {
            problems.append("stream starts with \(types[0]), \(types[1])")
        }
        let terminal = ["response.completed", "response.incomplete", "response.failed"]
        if !terminal.contains(types[types.count - 1]) { problems.append("stream ends with \(types[types.count - 1])") }
        if types.dropLast().contains(where: terminal.contains) { problems.append("a terminal event before the end") }

        var itemIDs: [String] = []
        var doneItems: [Int: JSONValue] = [:]
        var openParts: Set<String> = []
        var partCounts: [Int: Int] = [:]
        for (offset, payload) in payloads.enumerated() {
            let type = types[offset]
            let outputIndex = payload["output_index"]?.intValue
            switch type {
            case "response.output_item.added":
                if outputIndex != itemIDs.count { problems.append("event \(offset): output_index \(outputIndex ?? -1), expected \(itemIDs.count)") }
                itemIDs.append(payload["item"]?["id"]?.stringValue ?? "")
            case "response.output_item.done":
                guard let outputIndex, outputIndex < itemIDs.count else {
                    problems.append("event \(offset): done for an item never added")
                    continue
                }
                if doneItems[outputIndex] != nil { problems.append("event \(offset): item \(outputIndex) done twice") }
                if payload["item"]?["id"]?.stringValue != itemIDs[outputIndex] { problems.append("event \(offset): item id changed") }
                doneItems[outputIndex] = payload["item"]
            case "response.content_part.added", "response.reasoning_summary_part.added":
                let key = partKey(payload)
                let indexKey = type.contains("content") ? "content_index" : "summary_index"
                if let outputIndex, payload[indexKey]?.intValue != partCounts[outputIndex, default: 0] {
                    problems.append("event \(offset): \(indexKey) out of order")
                }
                if let outputIndex { partCounts[outputIndex, default: 0] += 1 }
                openParts.insert(key)
            case "response.content_part.done", "response.reasoning_summary_part.done":
                if openParts.remove(partKey(payload)) == nil { problems.append("event \(offset): part done but not open") }
            default:
                break
            }
            if deltaTypes.contains(type) || type.hasSuffix(".done") && payload["item_id"] != nil {
                guard let outputIndex, outputIndex < itemIDs.count, doneItems[outputIndex] == nil else {
                    problems.append("event \(offset) (\(type)): its item is not open")
                    continue
                }
                if payload["item_id"]?.stringValue != itemIDs[outputIndex] { problems.append("event \(offset): item_id mismatch") }
                if type != "response.function_call_arguments.delta", type != "response.function_call_arguments.done",
                    !type.hasSuffix("part.done"), !openParts.contains(partKey(payload))
                {
                    problems.append("event \(offset) (\(type)): its part is not open")
                }
            }
            if type == "response.output_text.delta", payload["logprobs"]?.arrayValue == nil {
                problems.append("event \(offset): output_text.delta without logprobs")
            }
        }
        if doneItems.count != itemIDs.count { problems.append("\(itemIDs.count - doneItems.count) items never done") }
        if !openParts.isEmpty { problems.append("parts left open: \(openParts.sorted())") }
        if let response = payloads.last?["response"], types.last != "response.failed" {
            let doneOutput = (0..<itemIDs.count).compactMap { doneItems[$0] }
            if response["output"]?.arrayValue != doneOutput { problems.append("final output differs from the items done") }
        }
        return problems
    }

    private static func partKey(_ payload: JSONValue) -> String {
        let index = payload["content_index"] ?? payload["summary_index"] ?? .int(-1)
        return "\(payload["output_index"].map(JSON.string) ?? "?")/\(JSON.string(index))"
    }
}
