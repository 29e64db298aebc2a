import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// How one request is served on its route: its bytes relayed to an upstream of the same format,
/// or translated through the canonical model (the mock, or an upstream in another format).
enum RelayPlan {
    /// Same format on both sides: the body goes up with only the model rewritten.
    case passthrough(WireUpstream)
    /// Through the canonical model.
    case translate(any GenerationProvider)

    static func make(clientFormat: APIFormat, route: ModelRouter.Route, clientModel: String) -> RelayPlan {
        switch route.channel.backend {
        case .generator(let provider):
            return .translate(provider)
        case .wire(let upstream):
            let upstreamFormat = upstream.format(forClient: clientFormat, clientModel: clientModel)
            if upstreamFormat == clientFormat { return .passthrough(upstream) }
            return .translate(WireGenerationProvider(
                upstream: upstream, adapter: UpstreamAdapters.adapter(for: upstreamFormat, upstream: upstream)))
        }
    }
}
