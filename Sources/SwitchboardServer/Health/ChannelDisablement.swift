/// A channel disabled by an authentication failure, and the health probes sent to it since.
///
/// It rejects every model of the channel until an operator enables it or a probe passes. Only
/// probes taken with `admitProbe` count as passing: a success reported while no probe is in
/// flight comes from a request sent before the key failed, which proves nothing about the key now.
struct ChannelDisablement: Sendable {
    /// The latest authentication error.
    var error: String
    /// When the channel was disabled.
    let since: Duration
    var probes = ProbeSlots()

    init(error: String, since: Duration) {
        self.error = error
        self.since = since
    }
}
