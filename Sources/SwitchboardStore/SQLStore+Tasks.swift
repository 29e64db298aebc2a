import SQLKit
import SwitchboardCore
public import Foundation

extension SQLStore: TaskStore {
    struct TaskRow: Codable {
        var id: String
        var key_id: String
        var model: String
        var channel: String
        var upstream_model: String
        var upstream_id: String
        var status: String
        var progress: Int
        var request: String
        var origin: String
        var result: String?
        var error_message: String?
        var error_code: String?
        var output_seconds: Double?
        var reserved_usd: Double
        var budget_period_start: Int64
        var webhook_url: String?
        var webhook_state: String
        var webhook_attempts: Int
        var poll_failures: Int
        var created_at: Int64
        var updated_at: Int64
        var completed_at: Int64?
        var next_attempt_at: Int64
        var lease_owner: String?
        var lease_until: Int64?

        init(_ task: StoredTask) {
            id = task.id
            key_id = task.keyID
            model = task.model
            channel = task.channel
            upstream_model = task.upstreamModel
            upstream_id = task.upstreamID
            status = task.status.rawValue
            progress = task.progress
            request = task.requestJSON
            origin = task.origin
            result = task.resultJSON
            error_message = task.errorMessage
            error_code = task.errorCode
            output_seconds = task.outputSeconds
            reserved_usd = task.reservedUSD
            budget_period_start = task.budgetPeriodStart
            webhook_url = task.webhookURL
            webhook_state = task.webhook.rawValue
            webhook_attempts = task.webhookAttempts
            poll_failures = task.pollFailures
            created_at = task.createdAt.milliseconds
            updated_at = task.updatedAt.milliseconds
            completed_at = task.completedAt?.milliseconds
            next_attempt_at = task.nextAttemptAt.milliseconds
        }

        var stored: StoredTask {
            StoredTask(
                id: id, keyID: key_id, model: model, channel: channel, upstreamModel: upstream_model,
                upstreamID: upstream_id, status: TaskStatus(rawValue: status) ?? .failed, progress: progress,
                requestJSON: request, origin: origin, resultJSON: result, errorMessage: error_message, errorCode: error_code,
                outputSeconds: output_seconds, reservedUSD: reserved_usd, budgetPeriodStart: budget_period_start,
                webhookURL: webhook_url, webhook: TaskWebhookState(rawValue: webhook_state) ?? .none,
                webhookAttempts: webhook_attempts, pollFailures: poll_failures,
                createdAt: Date(milliseconds: created_at), updatedAt: Date(milliseconds: updated_at),
                completedAt: completed_at.map { Date(milliseconds: $0) },
                nextAttemptAt: Date(milliseconds: next_attempt_at))
        }
    }

    static let unfinishedStatuses = [TaskStatus.queued, .inProgress].map(\.rawValue)

    public func insertTask(_ task: StoredTask) async throws {
        try await database.insert(into: "tasks").model(TaskRow(task)).run()
    }

    public func task(id: String, keyID: String) async throws -> StoredTask? {
        try await database.select().columns("*").from("tasks")
            .where("id", .equal, SQLBind(id))
            .where("key_id", .equal, SQLBind(keyID))
            .first(decoding: TaskRow.self)?.stored
    }

    public func tasks(keyID: String, limit: Int) async throws -> [StoredTask] {
        try await database.select().columns("*").from("tasks")
            .where("key_id", .equal, SQLBind(keyID))
            .orderBy("created_at", .descending).orderBy("id", .descending)
            .limit(limit)
            .all(decoding: TaskRow.self).map(\.stored)
    }

    public func claimDueTasks(owner: String, now: Date, leaseUntil: Date, limit: Int) async throws -> [StoredTask] {
        // One statement: PostgreSQL re-checks the lease condition on a row another replica has just
        // claimed (and skips it), SQLite runs writes one at a time; either way one replica wins a task.
        let nowMs = now.milliseconds
        let free = SQLGroupExpression(SQLBinaryExpression(
            SQLBinaryExpression(SQLIdentifier("lease_until"), .is, SQLLiteral.null), .or,
            SQLBinaryExpression(SQLIdentifier("lease_until"), .lessThan, SQLBind(nowMs))))
        func due() -> SQLSelectBuilder {
            database.select().column("id").from("tasks")
                .where("next_attempt_at", .lessThanOrEqual, SQLBind(nowMs))
                .where { group in
                    group.where("status", .in, SQLBind.group(Self.unfinishedStatuses))
                        .orWhere("webhook_state", .equal, SQLBind(TaskWebhookState.pending.rawValue))
                }
                .where(free)
                .orderBy("next_attempt_at")
                .limit(limit)
        }
        // Most passes find nothing due: a read answers them without taking SQLite's write lock.
        guard try await due().first() != nil else { return [] }
        return try await database.update("tasks")
            .set("lease_owner", to: SQLBind(owner))
            .set("lease_until", to: SQLBind(leaseUntil.milliseconds))
            .where("id", .in, SQLGroupExpression(due().query))
            .where(free)
            .returning(SQLLiteral.all)
            .all(decoding: TaskRow.self)
            .map(\.stored)
    }

    public func updateLeasedTask(_ task: StoredTask, owner: String) async throws -> Bool {
        let row = TaskRow(task)
        let updated = try await database.update("tasks")
            .set("upstream_id", to: SQLBind(row.upstream_id))
            .set("status", to: SQLBind(row.status))
            .set("progress", to: SQLBind(row.progress))
            .set("result", to: SQLBind(row.result))
            .set("error_message", to: SQLBind(row.error_message))
            .set("error_code", to: SQLBind(row.error_code))
            .set("output_seconds", to: SQLBind(row.output_seconds))
            .set("webhook_state", to: SQLBind(row.webhook_state))
            .set("webhook_attempts", to: SQLBind(row.webhook_attempts))
            .set("poll_failures", to: SQLBind(row.poll_failures))
            .set("updated_at", to: SQLBind(row.updated_at))
            .set("completed_at", to: SQLBind(row.completed_at))
            .set("next_attempt_at", to: SQLBind(row.next_attempt_at))
            .set("lease_owner", to: SQLLiteral.null)
            .set("lease_until", to: SQLLiteral.null)
            .where("id", .equal, SQLBind(task.id))
            .where("lease_owner", .equal, SQLBind(owner))
            .returning("id")
            .all()
        return !updated.isEmpty
    }

    public func releaseLeases(owner: String) async throws {
        try await database.update("tasks")
            .set("lease_owner", to: SQLLiteral.null)
            .set("lease_until", to: SQLLiteral.null)
            .where("lease_owner", .equal, SQLBind(owner))
            .run()
    }
}
