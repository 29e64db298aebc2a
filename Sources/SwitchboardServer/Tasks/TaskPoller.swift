import SwitchboardCore
import SwitchboardProviders
import SwitchboardStore
import ServiceLifecycle
import Logging
import Foundation

/// Drives every unfinished task to its end, on every replica at once without two polling the same
/// task: each pass leases the tasks that are due (``TaskStore/claimDueTasks(owner:now:leaseUntil:limit:)``),
/// polls each upstream, writes the new state and gives the lease back. A task that ends is charged
/// (or its reservation refunded) and recorded once, by the replica whose write won; its webhook
/// is then delivered by a later pass, retried with backoff. State lives only in the store, so a
/// restarted gateway resumes every task where it was.
final class TaskPoller: Service, Sendable {
    let gateway: Gateway
    let store: any TaskStore
    let webhooks: TaskWebhookSender
    let owner = RandomIdentifier.make("tasks_")
    let interval: Duration
    let logger: Logger

    /// How long a claimed task is this replica's before another may take it over.
    static let lease: TimeInterval = 30
    /// Tasks advanced at once per pass.
    static let batch = 32
    /// Polls in a row that may fail (unreachable upstream, nonsense answers) before the task fails.
    static let maximumPollFailures = 8
    /// The longest wait between polls of a task whose upstream keeps failing.
    static let maximumBackoff: TimeInterval = 60

    init(gateway: Gateway, store: any TaskStore, webhooks: TaskWebhookSender, interval: Duration = .milliseconds(200)) {
        self.gateway = gateway
        self.store = store
        self.webhooks = webhooks
        self.interval = interval
        self.logger = gateway.logger
    }

    func run() async throws {
        await repeatUntilShutdown(every: interval) { await self.pass() }
        do {
            try await store.releaseLeases(owner: owner)
        } catch {
            logger.warning("Could not give back task leases on shutdown", metadata: ["error": "\(error)"])
        }
        await webhooks.shutdown()
    }

    /// Claims the tasks that are due and advances each.
    func pass() async {
        let now = Date()
        let claimed: [StoredTask]
        do {
            claimed = try await store.claimDueTasks(
                owner: owner, now: now, leaseUntil: now.addingTimeInterval(Self.lease), limit: Self.batch)
        } catch {
            if !Task.isCancelled { logger.error("Could not claim due tasks", metadata: ["error": "\(error)"]) }
            return
        }
        await withTaskGroup(of: Void.self) { group in
            for task in claimed {
                group.addTask { await self.advance(task) }
            }
        }
    }

    func advance(_ task: StoredTask) async {
        if task.status.isFinal {
            await deliverWebhook(task)
        } else {
            await poll(task)
        }
    }

    private func poll(_ task: StoredTask) async {
        var task = task
        let now = Date()
        guard let channel = gateway.taskChannel(named: task.channel), let provider = channel.taskProvider else {
            end(&task, failure: GatewayError(
                .upstreamUnavailable, "The channel '\(task.channel)' this task ran on is no longer configured."), at: now)
            await write(task, ended: true)
            return
        }
        let job = TaskJob(
            id: task.id, upstreamModel: task.upstreamModel,
            request: (try? JSON.parse(task.requestJSON))?.objectValue ?? [:], createdAt: task.createdAt,
            contentURL: TaskObject.contentURL(origin: task.origin, id: task.id))
        do {
            let state = try await provider.poll(job, upstreamID: task.upstreamID)
            task.pollFailures = 0
            task.status = state.status
            task.progress = state.progress
            task.nextAttemptAt = now.addingTimeInterval(provider.pollInterval)
            switch state.status {
            case .succeeded:
                task.resultJSON = TaskObject.result(of: state)
                task.outputSeconds = state.outputSeconds
                end(&task, at: now)
            case .failed, .cancelled:
                task.errorMessage = state.errorMessage
                task.errorCode = state.errorCode
                end(&task, at: now)
            case .queued, .inProgress:
                break
            }
        } catch {
            if Task.isCancelled { return }
            task.pollFailures += 1
            if error.status == 404 || task.pollFailures >= Self.maximumPollFailures {
                end(&task, failure: error, at: now)
            } else {
                let backoff = min(Self.maximumBackoff, provider.pollInterval * pow(2, Double(task.pollFailures)))
                task.nextAttemptAt = now.addingTimeInterval(backoff)
                logger.info("Polling a task failed; will retry", metadata: [
                    "task_id": "\(task.id)", "channel": "\(task.channel)", "error": "\(error.message)",
                ])
            }
        }
        await write(task, ended: task.status.isFinal)
    }

    /// Marks a task ended now: its webhook becomes due at once.
    private func end(_ task: inout StoredTask, failure: GatewayError? = nil, at now: Date) {
        if let failure {
            task.status = .failed
            task.errorMessage = failure.message
            task.errorCode = failure.code ?? "task_failed"
        }
        if task.status == .succeeded { task.progress = 100 }
        task.completedAt = now
        task.webhook = task.webhookURL == nil ? .none : .pending
        task.nextAttemptAt = now
    }

    /// Writes the task's new state; when it just ended and this replica's write won, charges it.
    private func write(_ task: StoredTask, ended: Bool) async {
        var task = task
        task.updatedAt = Date()
        do {
            guard try await store.updateLeasedTask(task, owner: owner) else {
                logger.warning("A task's lease passed to another replica before its state was written", metadata: ["task_id": "\(task.id)"])
                return
            }
        } catch {
            logger.error("Could not write a task's state", metadata: ["task_id": "\(task.id)", "error": "\(error)"])
            return
        }
        if ended { gateway.settleTask(task) }
    }

    private func deliverWebhook(_ task: StoredTask) async {
        guard let url = task.webhookURL else { return }
        var task = task
        let delivered = await webhooks.deliver(TaskObject.json(task), to: url)
        task.webhookAttempts += 1
        if delivered {
            task.webhook = .delivered
        } else if task.webhookAttempts >= TaskWebhookSender.maximumAttempts {
            task.webhook = .abandoned
            logger.warning("Giving up on a task's webhook", metadata: ["task_id": "\(task.id)", "url": "\(url)"])
        } else {
            task.nextAttemptAt = Date().addingTimeInterval(TaskWebhookSender.backoff(afterAttempt: task.webhookAttempts))
        }
        await write(task, ended: false)
    }
}
