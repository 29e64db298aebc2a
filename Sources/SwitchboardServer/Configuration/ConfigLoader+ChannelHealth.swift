import Yams
import SwitchboardProviders

extension ConfigLoader {
    /// `probe: 30` (seconds), `probe: off`, or `probe: {interval: 30, models: [gpt-5-mini]}`.
    mutating func parseProbe(_ node: Node, path: String) -> ChannelProbeSettings? {
        if let text = node.scalar?.string, ["off", "false", "no"].contains(text.lowercased()) { return nil }
        if node.scalar != nil {
            guard let seconds = double(node, path) else { return nil }
            return validProbe(ChannelProbeSettings(interval: seconds), node, path)
        }
        var probe = ChannelProbeSettings()
        forEachMember(node, path) { loader, key, value in
            let field = "\(path).\(key)"
            switch key {
            case "interval": probe.interval = loader.double(value, field) ?? probe.interval
            case "models": probe.models = loader.strings(value, field) ?? []
            default: loader.report(value, field, "unknown setting '\(key)' (interval, models)")
            }
        }
        return validProbe(probe, node, path)
    }

    private mutating func validProbe(_ probe: ChannelProbeSettings, _ node: Node, _ path: String) -> ChannelProbeSettings? {
        guard probe.interval >= 1 else {
            report(node, path, "the probe interval must be at least 1 second")
            return nil
        }
        return probe
    }

    /// `capabilities: {tools: false, vision: false}`; what is not named stays supported.
    mutating func parseCapabilities(_ node: Node, path: String) -> ChannelCapabilities {
        var capabilities = ChannelCapabilities()
        forEachMember(node, path) { loader, key, value in
            let field = "\(path).\(key)"
            switch key {
            case "tools": capabilities.tools = loader.bool(value, field) ?? true
            case "vision": capabilities.vision = loader.bool(value, field) ?? true
            default: loader.report(value, field, "unknown capability '\(key)' (tools, vision)")
            }
        }
        return capabilities
    }
}
