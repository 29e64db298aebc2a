import SwitchboardCore
import SwitchboardProviders
import SwitchboardStore
import Synchronization
import Foundation

/// What a request was granted on admission, given back when it ends: its rate-limit permits
/// (concurrency slot, token estimate) and its budget reservation.
struct AdmissionTicket: Sendable {
    var permits: [RateLimitPermit] = []
    var reservation: BudgetReservation?
}

/// The rate-limit state to report in a response's headers, filled in by admission and read by
/// ``ErrorMiddleware`` when the response (success or error) leaves.
final class RateLimitHeaderSlot: Sendable {
    private let snapshot = Mutex<RateLimitSnapshot?>(nil)

    func store(_ value: RateLimitSnapshot) { snapshot.withLock { $0 = value } }
    var value: RateLimitSnapshot? { snapshot.withLock { $0 } }
}

extension Gateway {
    /// Admits a generation request: the model must be served and allowed for the key, the key's
    /// rate limits (and the model's, when the key sets per-model limits) must have room, and its
    /// budget must not be spent. Returns the failover plan (the model's channels, ordered for the
    /// request's session when it has one, then its fallback models' that the key may use); the
    /// grants travel in `accounting` and are given back when its record is written.
    ///
    /// `requirements` is read only when a channel of the model (or of a fallback) cannot serve
    /// everything (`mayNeedResponsesAPI: false` when they can never include the Responses API, as
    /// for a Chat request: then only channels with `capabilities:` count); routes that cannot serve the request are left out, and a request that no route
    /// can serve is a 400 naming what it needs.
    func admit(
        model: String, bodyBytes: Int, maxOutputTokens: Int?, affinity: String? = nil,
        requirements: () -> RequestRequirements = { .none }, mayNeedResponsesAPI: Bool = true,
        context: SwitchboardRequestContext, accounting: inout RequestAccounting
    ) throws(GatewayError) -> FailoverPlan {
        // One read of the routes, one ordering of the candidates: the plan is what the request tries.
        let router = self.router
        try ModelAccess.check(model, key: context.clientKey, router: router)
        let plan = try failoverPlan(
            model: model, affinity: affinity, key: context.clientKey, router: router, requirements: requirements,
            mayNeedResponsesAPI: mayNeedResponsesAPI)
        var snapshot: RateLimitSnapshot?
        defer { if let snapshot { context.rateLimitHeaders.store(snapshot) } }
        try grant(
            model: model, plan: plan, bodyBytes: bodyBytes, maxOutputTokens: maxOutputTokens, key: context.clientKey,
            rateLimits: &snapshot, accounting: &accounting)
        return plan
    }

    /// Admission's grants for a request whose plan is made: the key's rate-limit permits (and the
    /// model's, when the key sets per-model limits) and its budget reservation, kept in
    /// `accounting` until its record is written. `rateLimits` receives the state to report in the
    /// response's headers, also when a limit rejects the request.
    func grant(
        model: String, plan: FailoverPlan, bodyBytes: Int, maxOutputTokens: Int?, key: ClientKey?,
        rateLimits: inout RateLimitSnapshot?, accounting: inout RequestAccounting
    ) throws(GatewayError) {
        let estimatedPrompt = max(1, bodyBytes / 4)
        accounting.promptEstimate = estimatedPrompt
        guard let key else { return }
        let estimatedOutput = maxOutputTokens ?? Self.defaultOutputEstimate
        var ticket = AdmissionTicket()
        var buckets: [(name: String, limits: RateLimits)] = [(key.id, RateLimits(key.limits))]
        if let modelLimits = key.limits.limits(forModel: model) {
            buckets.append(("\(key.id)|\(modelLimits.pattern.pattern)", RateLimits(modelLimits)))
        }
        for bucket in buckets where !bucket.limits.isUnlimited {
            switch rateLimiter.admit(bucket.name, limits: bucket.limits, estimatedTokens: estimatedPrompt + estimatedOutput) {
            case .admitted(let permit):
                ticket.permits.append(permit)
                rateLimits = permit.snapshot
            case .rejected(let rejection):
                for permit in ticket.permits { rateLimiter.cancel(permit) }
                rateLimits = rejection.snapshot
                throw GatewayError(
                    .rateLimited, rejection.message,
                    retryAfter: Int(RateLimitHeaders.retryAfter(rejection.retryAfter)) ?? 1)
            }
        }
        if key.limits.budgetUSD != nil {
            let estimate = cost(
                of: Usage(promptTokens: estimatedPrompt, completionTokens: estimatedOutput),
                model: model, upstreamModel: plan.steps.first?.route.upstreamModel)
            do {
                ticket.reservation = try budgets.reserve(key: key, estimate: estimate)
            } catch {
                for permit in ticket.permits { rateLimiter.cancel(permit) }
                throw error
            }
        }
        accounting.ticket = ticket
    }

    /// The routes a request tries: its model's, then each fallback model's (`fallbacks:`) that the
    /// key may use. `affinity` is worked out only for a model with several routes.
    func failoverPlan(
        model: String, affinity: @autoclosure () -> String?, key: ClientKey?, router: ModelRouter,
        requirements: () -> RequestRequirements = { .none }, mayNeedResponsesAPI: Bool = true
    ) throws(GatewayError) -> FailoverPlan {
        var models = [(model: model, routes: router.candidates(for: model, affinity: affinity()))]
        for fallback in configuration.fallbacks[model] ?? [] where key?.models.allows(fallback) ?? false {
            models.append((fallback, router.candidates(for: fallback, affinity: affinity())))
        }
        if models.contains(where: { router.hasRestrictedRoutes($0.model, responsesAPI: mayNeedResponsesAPI) }) {
            let needs = requirements()
            if needs != .none {
                models = models.map { ($0.model, $0.routes.filter { $0.channel.serves(needs) }) }
                guard models.contains(where: { !$0.routes.isEmpty }) else { throw Self.unservable(model, needs) }
            }
        }
        return FailoverPlan(models: models, attempts: configuration.retries.attempts)
    }

    /// No channel of the model (or its fallbacks) can serve what the request needs.
    static func unservable(_ model: String, _ needs: RequestRequirements) -> GatewayError {
        var what: [String] = []
        if needs.tools { what.append("tools") }
        if needs.vision { what.append("image input") }
        if needs.responsesAPI { what.append("Responses API features (hosted tools or background mode)") }
        return GatewayError(
            .invalidRequest,
            "No channel serving the model '\(model)' supports what this request uses: \(what.joined(separator: ", ")).",
            param: needs.tools ? "tools" : nil)
    }

    /// The cost of usage at the client model's price (an operator may price an alias), else at the
    /// upstream model's.
    func cost(of usage: Usage, model: String, upstreamModel: String?) -> Double {
        if let price = prices.price(for: model) { return price.cost(of: usage) }
        guard let upstreamModel else { return 0 }
        return prices.cost(of: usage, model: upstreamModel)
    }

    /// Output tokens assumed for a request that sets no maximum (for reservations and TPM).
    static let defaultOutputEstimate = 1024
}
