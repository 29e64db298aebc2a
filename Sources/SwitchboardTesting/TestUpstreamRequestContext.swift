import Hummingbird
import NIOCore

/// The test upstream's request context: Hummingbird's basics plus the connection the request came
/// in on, so a fault can reset the socket or notice that its client went away.
struct TestUpstreamRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
