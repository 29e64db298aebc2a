public import Foundation

/// A channel's health at one moment, as the admin API and the channel list show it: the channel's
/// overall state, why it is disabled, and each model's breaker with its counters and last error.
public struct ChannelHealthSnapshot: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        /// Every model's breaker is closed (or none was reported on yet).
        case healthy
        /// Some models are open or half-open, others still closed.
        case degraded
        /// Every known model is open or half-open: the channel takes only probes.
        case open
        /// An authentication failure disabled the channel until an operator or a probe enables it.
        case disabled
    }

    public var channel: String
    public var state: State
    /// The authentication error that disabled the channel, and when it first did.
    public var disabledError: String?
    public var disabledAt: Date?
    /// The most recent error of any model.
    public var lastError: String?
    public var lastErrorAt: Date?
    /// One per model, sorted by name.
    public var models: [ModelHealthSnapshot]

    public init(
        channel: String, state: State, disabledError: String? = nil, disabledAt: Date? = nil,
        lastError: String? = nil, lastErrorAt: Date? = nil, models: [ModelHealthSnapshot] = []
    ) {
        self.channel = channel
        self.state = state
        self.disabledError = disabledError
        self.disabledAt = disabledAt
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.models = models
    }

    /// The model named `model`, if known.
    public subscript(model: String) -> ModelHealthSnapshot? {
        models.first { $0.model == model }
    }
}

/// One (channel, model) breaker at one moment.
public struct ModelHealthSnapshot: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        case closed
        case open
        case halfOpen = "half_open"
        /// The channel is disabled (the breaker's own state resumes once it is enabled).
        case disabled
    }

    public var model: String
    public var state: State
    public var consecutiveFailures: Int
    /// Requests and failures over the policy's window ending at the snapshot.
    public var windowRequests: Int
    public var windowFailures: Int
    /// Requests and failures since the gateway started (or the channel was dropped and came back).
    public var totalRequests: Int
    public var totalFailures: Int
    public var lastError: String?
    public var lastErrorAt: Date?
    /// When the breaker opened; nil while closed.
    public var openedAt: Date?
    /// When an open breaker lets a probe through; nil unless open.
    public var nextAttemptAt: Date?
    /// The cooldown of the current opening, or of the next one while closed.
    public var cooldown: Duration

    public init(
        model: String, state: State, consecutiveFailures: Int = 0, windowRequests: Int = 0, windowFailures: Int = 0,
        totalRequests: Int = 0, totalFailures: Int = 0, lastError: String? = nil, lastErrorAt: Date? = nil,
        openedAt: Date? = nil, nextAttemptAt: Date? = nil, cooldown: Duration
    ) {
        self.model = model
        self.state = state
        self.consecutiveFailures = consecutiveFailures
        self.windowRequests = windowRequests
        self.windowFailures = windowFailures
        self.totalRequests = totalRequests
        self.totalFailures = totalFailures
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.openedAt = openedAt
        self.nextAttemptAt = nextAttemptAt
        self.cooldown = cooldown
    }
}

extension ChannelHealthSnapshot {
    init(
        channel: String, breakers: [(model: String, breaker: Breaker)], disabled: ChannelDisablement?,
        extraModels: some Sequence<String>, policy: BreakerPolicy, clock: BreakerClock, now: Duration, date: Date
    ) {
        func wall(_ time: Duration) -> Date { clock.date(time, now: now, date: date) }
        var models: [ModelHealthSnapshot] = []
        var names = Set<String>()
        var latest: (error: String, at: Duration)?
        for (name, breaker) in breakers {
            names.insert(name)
            let phase = breaker.phase(at: now)
            let (requests, failures) = breaker.window.totals(now: now)
            models.append(ModelHealthSnapshot(
                model: name, state: disabled != nil ? .disabled : ModelHealthSnapshot.State(phase),
                consecutiveFailures: breaker.consecutiveFailures, windowRequests: requests, windowFailures: failures,
                totalRequests: breaker.totalRequests, totalFailures: breaker.totalFailures, lastError: breaker.lastError,
                lastErrorAt: breaker.lastError.map { _ in wall(breaker.lastErrorAt) },
                openedAt: phase == .closed ? nil : wall(breaker.openedAt),
                nextAttemptAt: phase == .open ? wall(breaker.retryAt) : nil,
                cooldown: breaker.cooldown))
            if let error = breaker.lastError, latest.map({ breaker.lastErrorAt > $0.at }) ?? true {
                latest = (error, breaker.lastErrorAt)
            }
        }
        for name in extraModels where names.insert(name).inserted {
            models.append(ModelHealthSnapshot(model: name, state: disabled != nil ? .disabled : .closed, cooldown: policy.cooldown))
        }
        models.sort { $0.model < $1.model }

        let tripped = models.count(where: { $0.state == .open || $0.state == .halfOpen })
        let state: State =
            if disabled != nil { .disabled }
            else if tripped == 0 { .healthy }
            else if tripped == models.count { .open }
            else { .degraded }
        self.init(
            channel: channel, state: state, disabledError: disabled?.error, disabledAt: disabled.map { wall($0.since) },
            lastError: latest?.error, lastErrorAt: latest.map { wall($0.at) }, models: models)
    }
}

extension ModelHealthSnapshot.State {
    init(_ phase: Breaker.Phase) {
        switch phase {
        case .closed: self = .closed
        case .open: self = .open
        case .halfOpen: self = .halfOpen
        }
    }
}
