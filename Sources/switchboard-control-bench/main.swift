// Measures the gateway's own per-request control-plane work on the hot path, in CPU time, for the
// benchmark report (`bench/control-plane.sh`): authenticate the key (hash, constant-time compare,
// IP allow-list), admit it against its RPM/TPM/concurrency limits, reserve its budget, price the
// usage, settle limits and budget, and queue the usage record. The store is live beside it (the
// usage recorder flushes and the budget ledger syncs in the background, as in the gateway), so the
// figures include any contention with that work; the hot path itself never waits for the store.
import Foundation
import Logging
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore

let databaseURL = CommandLine.arguments.dropFirst().first ?? "sqlite://:memory:"
var logger = Logger(label: "control-bench")
logger.logLevel = .error
let store = try await SQLStore.open(try DatabaseLocation(url: databaseURL), logger: logger)
let (key, secret) = try await store.createKey(NewClientKey(
    name: "bench-\(UUID().uuidString.prefix(8))",
    limits: KeyLimits(
        rpm: 100_000_000, tpm: 1_000_000_000, maxConcurrency: 10_000, budgetUSD: 1_000_000, budgetPeriod: .monthly,
        allowedIPs: ["127.0.0.0/8", "::1"])))
let keys = KeyDirectory(store: store, staticKeys: [], refreshInterval: 0.5, logger: logger)
try await keys.refresh()
let limiter = RateLimiter()
let budgets = BudgetLedger(store: store, syncInterval: .milliseconds(500), logger: logger)
try await budgets.load(keys: [key])
let recorder = UsageRecorder(log: store, flushInterval: .milliseconds(200), logger: logger)
let prices = PriceTable.shipped
let limits = RateLimits(key.limits)

// The background work of a running gateway, on the other threads as in the gateway: batched usage
// writes and budget syncs.
let background = Task.detached {
    while !Task.isCancelled {
        try? await Task.sleep(for: .milliseconds(200))
        await recorder.flush()
        await budgets.sync()
    }
}

let usage = Usage(promptTokens: 812, completionTokens: 233, cachedTokens: 512, reasoningTokens: 64)
let iterations = 200_000
var samples: [Double] = []
samples.reserveCapacity(iterations)
let clock = ContinuousClock()
for index in 0..<(iterations + iterations / 10) {
    let start = clock.now
    let client = try keys.authenticate(secret, peer: "127.0.0.1")
    guard case .admitted(let permit) = limiter.admit(client.id, limits: limits, estimatedTokens: 1300) else {
        fatalError("the bench key was rate limited")
    }
    let estimate = prices.cost(of: Usage(promptTokens: 300, completionTokens: 1024), model: "gpt-5")
    let reservation = try budgets.reserve(key: client, estimate: estimate)
    let cost = prices.cost(of: usage, model: "gpt-5")
    limiter.settle(permit, actualTokens: usage.totalTokens)
    if let reservation { budgets.settle(reservation, cost: cost) }
    recorder.record(UsageRecord(
        requestID: "req_bench_\(index)", keyID: client.id, endpoint: "chat.completions", model: "gpt-5",
        upstreamModel: "gpt-5", channel: "openai", usage: usage, status: 200, latencyMilliseconds: 1,
        timeToFirstTokenMilliseconds: 0.5, streamed: false, costUSD: cost))
    let elapsed = clock.now - start
    if index >= iterations / 10 {
        samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
}
background.cancel()
await recorder.drain()
await budgets.drain()
samples.sort()
let sorted = samples
func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
let backend = databaseURL.hasPrefix("postgres") ? "PostgreSQL" : "SQLite"
print(String(
    format: "control plane (auth + limits + budget + pricing + usage record), %@: p50 %.2f µs, p99 %.2f µs, p99.9 %.2f µs, max %.1f µs over %d requests",
    backend, percentile(0.5), percentile(0.99), percentile(0.999), samples.last ?? 0, samples.count))
let written = try await store.recentUsage(limit: 1).count
print("usage records written in the background: \(written > 0 ? "yes" : "NO")")
await store.close()
