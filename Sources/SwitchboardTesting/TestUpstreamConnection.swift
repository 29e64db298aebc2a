#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import NIOCore

/// Why a fault stopped before its end.
enum TestUpstreamInterruption: Error {
    /// The client closed its side of the connection or the connection ended.
    case clientGone
    /// The test upstream is stopping.
    case stopping
    /// The fault reset the connection itself (`fault:reset-*`).
    case reset
}

/// The connection a request came in on, as a fault uses it: waits that end early when the client
/// goes away or the upstream stops, a reset, and the bookkeeping that lets tests check a fault
/// ended (``TestUpstream/faultsInProgress``) and saw its client leave (``TestUpstream/disconnects``).
struct TestUpstreamConnection: Sendable {
    let upstream: TestUpstream
    let channel: (any Channel)?
    let watch: TestUpstreamConnectionWatch?

    /// The connection of `channel`, with the watch its pipeline holds.
    init(upstream: TestUpstream, channel: (any Channel)?) async {
        self.upstream = upstream
        self.channel = channel
        self.watch = try? await channel?.pipeline.handler(type: TestUpstreamConnectionWatch.self).get()
    }

    /// Sleeps for `duration`; throws ``TestUpstreamInterruption`` as soon as the client goes away or
    /// the upstream stops.
    func pause(for duration: Duration) async throws {
        try check()
        let watch = self.watch
        let stopping = upstream.stopping
        let interruption = await withTaskGroup(of: TestUpstreamInterruption?.self) { group in
            group.addTask {
                try? await Task.sleep(for: duration)
                return nil
            }
            if let watch {
                group.addTask {
                    await watch.gone.wait()
                    return .clientGone
                }
            }
            group.addTask {
                await stopping.wait()
                return .stopping
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if let interruption { throw interruption }
    }

    /// Throws when the client already went away or the upstream is stopping.
    func check() throws {
        if upstream.stopping.isRaised { throw TestUpstreamInterruption.stopping }
        if watch?.gone.isRaised == true { throw TestUpstreamInterruption.clientGone }
    }

    /// Closes the connection with a TCP reset (`SO_LINGER` 0) instead of an orderly close.
    func reset() async {
        guard let channel else { return }
        if let provider = channel as? any SocketOptionProvider {
            try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close()
    }

    /// Runs one fault: counts it in ``TestUpstream/faultsInProgress`` while it runs, and when it
    /// ends because the client went away, notes the disconnect and closes the connection.
    func run<Value: Sendable>(_ body: () async throws -> Value) async throws -> Value {
        upstream.faultStarted()
        defer { upstream.faultEnded() }
        do {
            return try await body()
        } catch let interruption as TestUpstreamInterruption where interruption != .clientGone {
            throw interruption
        } catch {
            // The client went away: a wait noticed it, or a write to the connection failed.
            upstream.noteDisconnect()
            try? await channel?.close()
            throw error
        }
    }
}
