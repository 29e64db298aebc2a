import SwitchboardCore
import SwitchboardProviders
import SwitchboardStore
import Foundation

extension Gateway {
    /// The channel a task was submitted to, by name: a config channel or an enabled runtime one.
    func taskChannel(named name: String) -> Channel? {
        channels.configChannels.first { $0.name == name }
            ?? channels.storedChannels.lazy.compactMap(\.channel).first { $0.name == name }
    }

    /// Charges a task that ended: a success for the seconds of media it produced, at the model's
    /// `per_audio_second` price; a failure costs nothing. Settles the budget reservation made when it
    /// was admitted (refunding it on failure), writes the task's one usage record and counts it in
    /// the metrics, as every usage record is.
    func settleTask(_ task: StoredTask) {
        let succeeded = task.status == .succeeded
        let usage = succeeded ? Usage(audioSeconds: task.outputSeconds ?? 0) : Usage()
        let cost = cost(of: usage, model: task.model, upstreamModel: task.upstreamModel)
        budgets.settle(BudgetReservation(keyID: task.keyID, periodStart: task.budgetPeriodStart, amount: task.reservedUSD), cost: cost)
        let status = succeeded ? 200 : 502
        let errorCode = succeeded ? nil : task.errorCode ?? "task_failed"
        channelStats.record(channel: task.channel, status: status, errorCode: errorCode)
        let ended = task.completedAt ?? Date()
        let latency = max(0, ended.timeIntervalSince(task.createdAt))
        metrics.record(
            endpoint: "tasks", status: status, channel: task.channel, usage: usage, cost: cost,
            latency: .milliseconds(Int64((latency * 1000).rounded())), timeToFirstToken: nil, cancelled: false)
        recorder.record(UsageRecord(
            requestID: task.id, createdAt: ended, keyID: task.keyID, endpoint: "tasks", model: task.model,
            upstreamModel: task.upstreamModel, channel: task.channel, usage: usage, status: status, errorCode: errorCode,
            latencyMilliseconds: latency * 1000, streamed: false, costUSD: cost))
    }
}
