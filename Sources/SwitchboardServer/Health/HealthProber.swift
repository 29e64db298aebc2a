import Foundation
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardProviders
import Synchronization

/// Background health probes (`probe:` on a channel): every interval, each probed model of each
/// routed channel gets a tiny request (``ChannelProbe``) whose outcome feeds the same circuit
/// breakers client requests feed. A failing channel is noticed without spending client requests
/// on it, and a channel whose breaker is open or which an authentication failure disabled is
/// trusted again as soon as a probe passes (probes go through ``CircuitBreakers/admitProbe``).
///
/// Probes run one at a time per (channel, model) and never while a previous one is in flight; the
/// first one goes one interval after start (or after the channel appeared). The last outcome of each
/// is kept for the admin API.
final class HealthProber: Service, Sendable {
    /// The outcome of the last probe of one (channel, model).
    struct Outcome: Sendable, Equatable {
        var at: Date
        var ok: Bool
        var latencyMilliseconds: Double
        var error: String?
    }

    private struct Schedule: Sendable {
        /// Keys are the channel name, a NUL, and the client model name.
        var due: [String: ContinuousClock.Instant] = [:]
        var running: Set<String> = []
        var outcomes: [String: Outcome] = [:]
    }

    private let channels: ChannelRegistry
    private let breakers: CircuitBreakers
    private let logger: Logger
    private let tick: Duration
    private let schedule = Mutex(Schedule())

    init(channels: ChannelRegistry, breakers: CircuitBreakers, logger: Logger, tick: Duration = .milliseconds(250)) {
        self.channels = channels
        self.breakers = breakers
        self.logger = logger
        self.tick = tick
    }

    /// The last probe outcome of every probed model of `channel`, by client model name.
    func outcomes(channel: String) -> [String: Outcome] {
        let prefix = channel + "\u{0}"
        return schedule.withLock { schedule in
            var found: [String: Outcome] = [:]
            for (key, outcome) in schedule.outcomes where key.hasPrefix(prefix) {
                found[String(key.dropFirst(prefix.count))] = outcome
            }
            return found
        }
    }

    /// Until graceful shutdown begins; probes in flight then are cancelled (and their slots freed).
    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    for probe in self.dueProbes(now: .now) {
                        group.addTask { await self.run(probe) }
                    }
                    do {
                        try await Task.sleep(for: self.tick)
                    } catch {
                        break
                    }
                }
                group.cancelAll()
            }
        }
    }

    /// The probes whose time has come, marked running; schedules newly seen models one interval out.
    func dueProbes(now: ContinuousClock.Instant) -> [(probe: ChannelProbe, interval: Duration)] {
        let channels = self.channels.router.channels
        return schedule.withLock { schedule in
            var due: [(ChannelProbe, Duration)] = []
            var seen = Set<String>()
            for channel in channels {
                guard let settings = channel.configuration.probe else { continue }
                let interval = Duration.milliseconds(Int64(settings.interval * 1000))
                let models = settings.models.isEmpty ? channel.configuration.servedModels : settings.models
                for model in models {
                    let key = channel.name + "\u{0}" + model
                    seen.insert(key)
                    guard let at = schedule.due[key] else {
                        schedule.due[key] = now + interval
                        continue
                    }
                    guard at <= now, !schedule.running.contains(key) else { continue }
                    schedule.running.insert(key)
                    due.append((ChannelProbe(channel: channel, clientModel: model), interval))
                }
            }
            schedule.due = schedule.due.filter { seen.contains($0.key) }
            schedule.outcomes = schedule.outcomes.filter { seen.contains($0.key) }
            return due
        }
    }

    private func run(_ scheduled: (probe: ChannelProbe, interval: Duration)) async {
        let probe = scheduled.probe
        let channel = probe.channel.name
        let key = channel + "\u{0}" + probe.clientModel
        defer {
            schedule.withLock { schedule in
                schedule.running.remove(key)
                if schedule.due[key] != nil { schedule.due[key] = .now + scheduled.interval }
            }
        }
        guard breakers.admitProbe(channel: channel, model: probe.upstreamModel).admits else { return }
        let started = ContinuousClock.now
        var failure: GatewayError?
        do {
            _ = try await probe.send()
        } catch {
            failure = error
        }
        if Task.isCancelled {
            breakers.abandonProbe(channel: channel, model: probe.upstreamModel)
            return
        }
        breakers.report(channel: channel, model: probe.upstreamModel, status: failure?.status ?? 200, error: failure)
        let elapsed = ContinuousClock.now - started
        let outcome = Outcome(
            at: Date(), ok: failure == nil,
            latencyMilliseconds: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15,
            error: failure?.message)
        schedule.withLock { $0.outcomes[key] = outcome }
        if let failure {
            logger.warning(
                "Health probe failed",
                metadata: ["channel": "\(channel)", "model": "\(probe.clientModel)", "status": "\(failure.status)"])
        }
    }
}

extension HealthProber.Outcome {
    /// As the admin API shows it under a channel's `health.probes`, by model.
    var json: JSONValue {
        .object([
            "at": .string(AdminDates.format(at)), "ok": .bool(ok), "latency_ms": .double(latencyMilliseconds),
            "error": error.map(JSONValue.string) ?? .null,
        ])
    }
}
