import SQLKit

extension Migrations {
    /// Every migration, oldest first. Append; never edit one that has shipped.
    static let all: [Migration] = [
        Migration(version: 1, name: "client keys and usage records") { database in
            try await database.create(table: "client_keys")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("name", type: .text, .notNull)
                .column("key_hash", type: .text, .notNull, .unique)
                .column("key_hint", type: .text, .notNull)
                .column("models", type: .text, .notNull)
                .column("rpm", type: .bigint)
                .column("tpm", type: .bigint)
                .column("budget_usd", type: .double)
                .column("expires_at", type: .bigint)
                .column("revoked_at", type: .bigint)
                .column("created_at", type: .bigint, .notNull)
                .column("updated_at", type: .bigint, .notNull)
                .run()
            try await database.create(table: "usage_records")
                .column("request_id", type: .text, .primaryKey(autoIncrement: false))
                .column("created_at", type: .bigint, .notNull)
                .column("key_id", type: .text)
                .column("endpoint", type: .text, .notNull)
                .column("model", type: .text, .notNull)
                .column("upstream_model", type: .text)
                .column("channel", type: .text)
                .column("prompt_tokens", type: .bigint, .notNull)
                .column("completion_tokens", type: .bigint, .notNull)
                .column("cached_tokens", type: .bigint, .notNull)
                .column("cache_write_tokens", type: .bigint, .notNull)
                .column("reasoning_tokens", type: .bigint, .notNull)
                .column("status", type: .int, .notNull)
                .column("error_code", type: .text)
                .column("latency_ms", type: .double, .notNull)
                .column("ttft_ms", type: .double)
                .column("streamed", type: .int, .notNull)
                .column("cancelled", type: .int, .notNull)
                .run()
            try await database.create(index: "usage_records_created_at").on("usage_records").column("created_at").run()
            try await database.create(index: "usage_records_key_id").on("usage_records").column("key_id").run()
        },
        Migration(version: 2, name: "stored responses") { database in
            try await database.create(table: "stored_responses")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("key_id", type: .text, .notNull)
                .column("previous_response_id", type: .text)
                .column("model", type: .text, .notNull)
                .column("created_at", type: .bigint, .notNull)
                .column("input_items", type: .text, .notNull)
                .column("response", type: .text, .notNull)
                .run()
            try await database.create(index: "stored_responses_key_id").on("stored_responses").column("key_id").run()
        },
        Migration(version: 3, name: "control plane: key limits, budgets, channels, costs") { database in
            // SQLite adds one column per ALTER TABLE, so each is its own statement.
            for (column, type) in [
                ("max_concurrency", SQLDataType.bigint), ("budget_period", .text), ("allowed_ips", .text),
                ("metadata", .text),
            ] {
                try await database.alter(table: "client_keys").column(column, type: type).run()
            }
            try await database.alter(table: "usage_records")
                .column("cost_usd", type: .double, .notNull, .default(0)).run()
            try await database.create(table: "key_spend")
                .column("key_id", type: .text, .notNull)
                .column("period_start", type: .bigint, .notNull)
                .column("spent_usd", type: .double, .notNull)
                .column("updated_at", type: .bigint, .notNull)
                .primaryKey(["key_id", "period_start"])
                .run()
            try await database.create(table: "channels")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("name", type: .text, .notNull, .unique)
                .column("config", type: .text, .notNull)
                .column("enabled", type: .int, .notNull)
                .column("created_at", type: .bigint, .notNull)
                .column("updated_at", type: .bigint, .notNull)
                .run()
            try await database.create(table: "store_revisions")
                .column("name", type: .text, .primaryKey(autoIncrement: false))
                .column("revision", type: .bigint, .notNull)
                .run()
            for name in ["keys", "channels"] {
                try await database.insert(into: "store_revisions").columns("name", "revision")
                    .values(SQLBind(name), SQLBind(0)).run()
            }
        },
        Migration(version: 4, name: "gateway settings (the admin key's hash)") { database in
            try await database.create(table: "gateway_settings")
                .column("name", type: .text, .primaryKey(autoIncrement: false))
                .column("value", type: .text, .notNull)
                .column("updated_at", type: .bigint, .notNull)
                .run()
        },
        Migration(version: 5, name: "per-model limits of keys") { database in
            try await database.alter(table: "client_keys").column("model_limits", type: .text).run()
        },
        Migration(version: 6, name: "asynchronous media tasks") { database in
            try await database.create(table: "tasks")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("key_id", type: .text, .notNull)
                .column("model", type: .text, .notNull)
                .column("channel", type: .text, .notNull)
                .column("upstream_model", type: .text, .notNull)
                .column("upstream_id", type: .text, .notNull)
                .column("status", type: .text, .notNull)
                .column("progress", type: .bigint, .notNull)
                .column("request", type: .text, .notNull)
                .column("origin", type: .text, .notNull)
                .column("result", type: .text)
                .column("error_message", type: .text)
                .column("error_code", type: .text)
                .column("output_seconds", type: .double)
                .column("reserved_usd", type: .double, .notNull)
                .column("budget_period_start", type: .bigint, .notNull)
                .column("webhook_url", type: .text)
                .column("webhook_state", type: .text, .notNull)
                .column("webhook_attempts", type: .bigint, .notNull)
                .column("poll_failures", type: .bigint, .notNull)
                .column("created_at", type: .bigint, .notNull)
                .column("updated_at", type: .bigint, .notNull)
                .column("completed_at", type: .bigint)
                .column("next_attempt_at", type: .bigint, .notNull)
                .column("lease_owner", type: .text)
                .column("lease_until", type: .bigint)
                .run()
            try await database.create(index: "tasks_key_id_created_at").on("tasks").column("key_id").column("created_at").run()
            try await database.create(index: "tasks_next_attempt_at").on("tasks").column("next_attempt_at").run()
        },
        Migration(version: 7, name: "media units in usage records") { database in
            // Images, seconds of audio and characters of speech: what media endpoints bill by.
            for (column, type) in [("images", SQLDataType.bigint), ("audio_seconds", .double), ("characters", .bigint)] {
                try await database.alter(table: "usage_records").column(column, type: type, .notNull, .default(0)).run()
            }
        },
    ]
}

extension SQLDataType {
    /// An 8-byte float on every backend (`REAL` is 4 bytes on PostgreSQL): money and latencies.
    static let double = SQLDataType.custom(SQLRaw("DOUBLE PRECISION"))
}
