public import SwitchboardProviders
import Foundation

/// Maps client model names to the channels that serve them, in the order they should be tried.
public struct ModelRouter: Sendable {
    /// One way to serve a model: a channel and the name the upstream knows the model by.
    public struct Route: Sendable {
        public let channel: Channel
        public let upstreamModel: String
    }

    private let routes: [String: [Route]]
    /// The channels routed to, in the order given.
    public let channels: [Channel]
    /// Models with a route that cannot serve every request (`capabilities:` or no Responses API):
    /// only requests for these have their requirements read.
    private let restrictedModels: Set<String>
    /// Models with a route whose channel limits what it serves (`capabilities:`); a subset of
    /// `restrictedModels`, which also counts routes without the Responses API.
    private let capabilityRestrictedModels: Set<String>

    public init(channels: [Channel]) {
        self.channels = channels
        var routes: [String: [Route]] = [:]
        for channel in channels {
            for model in channel.configuration.servedModels {
                routes[model, default: []].append(
                    Route(channel: channel, upstreamModel: channel.configuration.upstreamModel(for: model)))
            }
        }
        self.routes = routes.mapValues { list in list.sorted { $0.channel.configuration.priority < $1.channel.configuration.priority } }
        self.restrictedModels = Set(routes.filter { $0.value.contains { !$0.channel.servesEverything } }.keys)
        self.capabilityRestrictedModels = Set(routes.filter { $0.value.contains { $0.channel.limitsCapabilities } }.keys)
    }

    /// Whether some route of `model` may have to be skipped for a request's requirements;
    /// `responsesAPI`: the request may need the Responses API (a Chat request never does).
    public func hasRestrictedRoutes(_ model: String, responsesAPI: Bool = true) -> Bool {
        let restricted = responsesAPI ? restrictedModels : capabilityRestrictedModels
        return !restricted.isEmpty && restricted.contains(model)
    }

    /// Every model name served, sorted.
    public var modelNames: [String] { routes.keys.sorted() }

    public func serves(_ model: String) -> Bool { routes[model] != nil }

    /// The routes for a model: lower priority first; within a priority, a weighted random order —
    /// or, for a request of a session (`affinity`), a weighted order fixed by the session, so its
    /// requests stick to one channel while that channel serves (and the provider's prompt cache stays
    /// warm), on every replica alike. `affinity` is worked out only when there is a choice.
    public func candidates(for model: String, affinity: @autoclosure () -> String? = nil) -> [Route] {
        guard let list = routes[model] else { return [] }
        if list.count == 1 { return list }
        let affinity = affinity()
        var ordered: [Route] = []
        var start = 0
        while start < list.count {
            let priority = list[start].channel.configuration.priority
            var end = start
            while end < list.count, list[end].channel.configuration.priority == priority { end += 1 }
            let group = Array(list[start..<end])
            ordered += affinity.map { Self.rendezvous(group, session: $0) } ?? Self.weightedShuffle(group)
            start = end
        }
        return ordered
    }

    /// Weighted rendezvous hashing: each route scores `u^(1/weight)` with `u` a stable hash of the
    /// session and the channel name in (0, 1); highest first. Removing a channel moves only its
    /// own sessions.
    static func rendezvous(_ group: [Route], session: String) -> [Route] {
        guard group.count > 1 else { return group }
        let scored = group.map { route -> (Double, Route) in
            let weight = Double(route.channel.configuration.weight)
            guard weight > 0 else { return (-1, route) }
            let hash = StableHash.fnv1a(session + "\u{0}" + route.channel.name)
            let unit = (Double(hash >> 11) + 0.5) / Double(1 << 53)
            return (pow(unit, 1 / weight), route)
        }
        return scored.sorted { $0.0 > $1.0 }.map(\.1)
    }

    /// Orders routes so each comes first with a probability proportional to its weight; routes of
    /// weight 0 go last.
    static func weightedShuffle(_ group: [Route]) -> [Route] {
        guard group.count > 1 else { return group }
        let keyed = group.map { route -> (Double, Route) in
            let weight = Double(route.channel.configuration.weight)
            let key = weight > 0 ? pow(Double.random(in: Double.leastNonzeroMagnitude..<1), 1 / weight) : -1
            return (key, route)
        }
        return keyed.sorted { $0.0 > $1.0 }.map(\.1)
    }
}
