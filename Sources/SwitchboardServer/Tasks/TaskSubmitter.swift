import Hummingbird
import HTTPTypes
import SwitchboardCore
import SwitchboardProviders
import SwitchboardStore
import Foundation

/// Accepts a task: the same auth, model access, rate limits and budget admission as chat, then the
/// task is submitted to the first channel of the model that runs tasks (failing over like chat),
/// stored, and answered at once. The rate-limit permits (the concurrency slot among them) are given
/// back as soon as the upstream accepted it; the budget reservation stays with the stored task and
/// is settled when the task ends (``TaskPoller``).
struct TaskSubmitter: Sendable {
    let gateway: Gateway
    let webhookSecret: String?

    /// Seconds assumed for the budget reservation when the client names no duration.
    static let defaultEstimatedSeconds = 10.0

    func submit(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        var accounting = RequestAccounting(
            gateway: gateway, requestID: context.requestID, keyID: context.clientKey?.id,
            endpoint: "tasks", model: "", started: context.started)
        let task: TaskRequest
        let plan: FailoverPlan
        do {
            let body = try await RequestBodyReader.read(request, limit: gateway.configuration.maxBodyBytes)
            gateway.logBody(body, context: context)
            task = try TaskRequest.parse(body: body, webhookSecret: webhookSecret)
            accounting.model = task.model
            let admitted = try gateway.admit(
                model: task.model, bodyBytes: body.count, maxOutputTokens: 0, context: context, accounting: &accounting)
            plan = try Self.taskSteps(of: admitted, model: task.model, attempts: gateway.configuration.retries.attempts)
            try reserveBudget(for: task, plan: plan, context: context, accounting: &accounting)
        } catch {
            accounting.fail(GatewayError.from(error, request: request))
            throw error
        }
        let origin = Self.origin(of: request)
        return try await gateway.failover(plan, accounting: accounting) { route, attempt in
            try await submit(task, route: route, origin: origin, accounting: attempt)
        }
    }

    private func submit(
        _ task: TaskRequest, route: ModelRouter.Route, origin: String, accounting: RequestAccounting
    ) async throws -> Response {
        let id = RandomIdentifier.make("task_")
        let now = Date()
        let job = TaskJob(
            id: id, upstreamModel: route.upstreamModel, request: task.fields, createdAt: now,
            contentURL: TaskObject.contentURL(origin: origin, id: id))
        do {
            guard let provider = route.channel.taskProvider else {
                throw GatewayError(.internalError, "The channel '\(route.channel.name)' runs no tasks.")
            }
            let state = try await provider.submit(job)
            let reservation = accounting.ticket?.reservation
            var stored = StoredTask(
                id: id, keyID: accounting.keyID ?? "", model: task.model, channel: route.channel.name,
                upstreamModel: route.upstreamModel, upstreamID: state.upstreamID, status: state.status,
                progress: state.progress, requestJSON: JSON.string(.object(task.fields)), origin: origin,
                reservedUSD: reservation?.amount ?? 0, budgetPeriodStart: reservation?.periodStart ?? 0,
                webhookURL: task.webhookURL, createdAt: now,
                nextAttemptAt: now.addingTimeInterval(provider.pollInterval))
            if state.status.isFinal {
                // Finished at once (a mock task of no duration): the poller ends it, charging and
                // calling the webhook exactly as for any other.
                stored.status = .inProgress
                stored.progress = 99
                stored.nextAttemptAt = now
            }
            do {
                try await gateway.store.insertTask(stored)
            } catch {
                // The upstream has the task already: not a failure another channel should retry.
                gateway.logger.error("Could not store a submitted task", metadata: ["task_id": "\(id)", "error": "\(error)"])
                throw GatewayError(.internalError, "The task was submitted but could not be stored; it is not tracked.")
            }
            for permit in accounting.ticket?.permits ?? [] {
                gateway.rateLimiter.settle(permit, actualTokens: accounting.promptEstimate)
            }
            gateway.reportHealth(channel: route.channel.name, model: route.upstreamModel, status: 200, error: nil)
            gateway.channelStats.record(channel: route.channel.name, status: 200, errorCode: nil)
            return .json(TaskObject.json(stored))
        } catch {
            accounting.fail(error, beforeResponse: true)
            throw error
        }
    }

    /// The steps of an admitted plan whose channels run tasks; 400 when none does.
    static func taskSteps(of plan: FailoverPlan, model: String, attempts: Int) throws(GatewayError) -> FailoverPlan {
        var models: [(model: String, routes: [ModelRouter.Route])] = []
        for step in plan.steps where step.retry == 0 && step.route.channel.taskProvider != nil {
            if let index = models.firstIndex(where: { $0.model == step.model }) {
                models[index].routes.append(step.route)
            } else {
                models.append((step.model, [step.route]))
            }
        }
        guard !models.isEmpty else {
            throw GatewayError.invalidRequest(
                "The model '\(model)' does not run asynchronous tasks (no channel serving it is a mock, openai or task-http channel).",
                param: "model")
        }
        return FailoverPlan(models: models, attempts: attempts)
    }

    /// Replaces admission's token-priced reservation with one for the media the task will produce.
    private func reserveBudget(
        for task: TaskRequest, plan: FailoverPlan, context: SwitchboardRequestContext, accounting: inout RequestAccounting
    ) throws(GatewayError) {
        guard let key = context.clientKey, key.limits.budgetUSD != nil else { return }
        if let reservation = accounting.ticket?.reservation { gateway.budgets.settle(reservation, cost: 0) }
        accounting.ticket?.reservation = nil
        let estimate = gateway.cost(
            of: Usage(audioSeconds: task.requestedSeconds ?? Self.defaultEstimatedSeconds),
            model: task.model, upstreamModel: plan.steps.first?.route.upstreamModel)
        accounting.ticket?.reservation = try gateway.budgets.reserve(key: key, estimate: estimate)
    }

    /// `http://host:port` as the client reached the gateway (`X-Forwarded-Proto` and `Host`).
    static func origin(of request: Request) -> String {
        let scheme = request.headers[HTTPField.Name("x-forwarded-proto")!].flatMap { $0 == "https" ? "https" : nil } ?? "http"
        let host = request.head.authority ?? "127.0.0.1"
        return "\(scheme)://\(host)"
    }
}
