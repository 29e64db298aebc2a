import Yams
import SwitchboardProviders

extension ConfigLoader {
    mutating func parseChannels(_ node: Node) -> [ChannelConfiguration] {
        var channels: [ChannelConfiguration] = []
        forEachElement(node, "channels") { loader, element, path in
            if let channel = loader.parseChannel(element, path: path) { channels.append(channel) }
        }
        return channels
    }

    private mutating func parseChannel(_ node: Node, path: String) -> ChannelConfiguration? {
        var channel = ChannelConfiguration(name: "", provider: .mock)
        var providerSeen = false
        var providerGiven = false
        forEachMember(node, path) { loader, key, value in
            let field = "\(path).\(key)"
            switch key {
            case "name": channel.name = loader.string(value, field) ?? ""
            case "provider":
                providerGiven = true
                guard let text = loader.string(value, field) else { return }
                guard let kind = ProviderKind(rawValue: text) else {
                    let kinds = ProviderKind.allCases.map(\.rawValue).joined(separator: ", ")
                    return loader.report(value, field, "unknown provider '\(text)' (expected one of: \(kinds))")
                }
                channel.provider = kind
                providerSeen = true
            case "base_url": channel.baseURL = loader.string(value, field) ?? ""
            case "api_key": channel.apiKey = loader.string(value, field)
            case "models": channel.models = loader.strings(value, field) ?? []
            case "model_map":
                loader.forEachMember(value, field) { loader, clientName, upstream in
                    if let upstreamName = loader.string(upstream, "\(field).\(clientName)") {
                        channel.modelMap[clientName] = upstreamName
                    }
                }
            case "priority": channel.priority = loader.int(value, field) ?? 0
            case "weight":
                if let weight = loader.int(value, field) {
                    if weight >= 0 { channel.weight = weight } else { loader.report(value, field, "must not be negative") }
                }
            case "timeouts": channel.timeouts = loader.parseTimeouts(value, path: field)
            case "headers":
                loader.forEachMember(value, field) { loader, name, header in
                    channel.headers[name] = loader.string(header, "\(field).\(name)")
                }
            case "stream_usage": channel.streamUsage = loader.bool(value, field) ?? true
            case "responses": channel.responses = loader.bool(value, field) ?? false
            case "responses_only": channel.responsesOnlyModels = Set(loader.strings(value, field) ?? [])
            case "task_seconds": loader.parseTaskSeconds(value, path: field, into: &channel.tasks)
            case "tasks": loader.parseTaskOptions(value, path: field, into: &channel.tasks)
            case "probe": channel.probe = loader.parseProbe(value, path: field)
            case "capabilities": channel.capabilities = loader.parseCapabilities(value, path: field)
            default: loader.report(value, field, "unknown setting '\(key)'")
            }
        }
        if channel.name.isEmpty { report(node, path, "a channel needs a 'name'") }
        if !providerGiven { report(node, path, "a channel needs a 'provider'") }
        if channel.servedModels.isEmpty { report(node, path, "a channel needs 'models' or a 'model_map'") }
        if providerSeen, channel.baseURL.isEmpty, let defaultURL = ChannelConfiguration.defaultBaseURL(for: channel.provider) {
            channel.baseURL = defaultURL
        }
        if providerSeen, channel.provider != .mock {
            if channel.baseURL.isEmpty {
                report(node, path, "a '\(channel.provider.rawValue)' channel needs a 'base_url'")
            } else if !(channel.baseURL.hasPrefix("http://") || channel.baseURL.hasPrefix("https://")) {
                report(node, "\(path).base_url", "must start with http:// or https://")
            }
        }
        for model in channel.responsesOnlyModels.sorted() where !channel.servedModels.contains(model) {
            report(node, "\(path).responses_only", "'\(model)' is not among the channel's models")
        }
        for model in channel.probe?.models ?? [] where !channel.servedModels.contains(model) {
            report(node, "\(path).probe.models", "'\(model)' is not among the channel's models")
        }
        if providerSeen, !channel.responsesOnlyModels.isEmpty, !channel.servesResponses {
            report(node, "\(path).responses_only", "needs a channel that serves the Responses API (provider openai, or responses: true)")
        }
        return channel
    }

    private mutating func parseTimeouts(_ node: Node, path: String) -> ChannelTimeouts {
        var timeouts = ChannelTimeouts()
        forEachMember(node, path) { loader, key, value in
            let field = "\(path).\(key)"
            guard let seconds = loader.double(value, field) else { return }
            guard seconds > 0 else { return loader.report(value, field, "must be a positive number of seconds") }
            switch key {
            case "connect": timeouts.connect = seconds
            case "first_byte": timeouts.firstByte = seconds
            case "idle": timeouts.idle = seconds
            case "total": timeouts.total = seconds
            default: loader.report(value, field, "unknown timeout '\(key)' (connect, first_byte, idle, total)")
            }
        }
        return timeouts
    }
}
