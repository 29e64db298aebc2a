public import SwitchboardStore
public import SwitchboardCore
import Synchronization
public import Logging
public import ServiceLifecycle
public import Foundation

/// Keeps every key's spend against its budget without a store round trip per request, and
/// without over-spending under concurrency.
///
/// A request first **reserves** an estimate of its cost; the reservation counts against the budget
/// at once, so concurrent requests cannot all pass on the same remaining money. When the request
/// ends it **settles** the real cost (or releases the reservation on failure). A request is admitted
/// while anything is left, so spend can pass the budget by at most one reservation.
///
/// Settled amounts are added to the store (`key_spend`, an additive upsert) every `syncInterval`
/// and the totals read back, so replicas sharing a PostgreSQL see each other's spend within about
/// one interval. When the store fails, unsynced amounts stay queued and are retried; on graceful
/// shutdown they are drained.
public final class BudgetLedger: Service, Sendable {
    struct Account {
        var periodStart: Int64
        /// Spend in the store as of the last sync (every replica's, this one's synced part included).
        var stored: Double = 0
        /// Settled here, not yet in the store.
        var unsynced: Double = 0
        /// Reserved by requests in flight.
        var reserved: Double = 0
    }

    private let store: any SpendStore
    private let accounts = Mutex<[String: Account]>([:])
    private let syncInterval: Duration
    private let logger: Logger

    public init(store: any SpendStore, syncInterval: Duration = .milliseconds(500), logger: Logger) {
        self.store = store
        self.syncInterval = syncInterval
        self.logger = logger
    }

    static func periodStart(_ period: BudgetPeriod?, at date: Date) -> Int64 {
        guard let period else { return 0 }
        return Int64((period.start(of: date).timeIntervalSince1970 * 1000).rounded())
    }

    /// Reserves `estimate` USD for a request of `key`; nil when the key has no budget. Throws 429
    /// `insufficient_quota` when the budget is spent.
    public func reserve(key: ClientKey, estimate: Double, now: Date = Date()) throws(GatewayError) -> BudgetReservation? {
        guard let budget = key.limits.budgetUSD else { return nil }
        let start = Self.periodStart(key.limits.budgetPeriod, at: now)
        let admitted = accounts.withLock { accounts -> Bool in
            var account = accounts[key.id] ?? Account(periodStart: start)
            if account.periodStart != start {
                // A new period: what was settled in the old one is still to be synced under it.
                account = Account(periodStart: start, reserved: account.reserved)
            }
            let committed = account.stored + account.unsynced + account.reserved
            guard committed < budget else {
                accounts[key.id] = account
                return false
            }
            account.reserved += estimate
            accounts[key.id] = account
            return true
        }
        guard admitted else {
            let period = key.limits.budgetPeriod.map { " for this \($0 == .daily ? "day" : "month")" } ?? ""
            throw GatewayError(
                .insufficientQuota,
                "You exceeded your current quota: this API key's budget of $\(Self.format(budget))\(period) is spent.",
                retryAfter: key.limits.budgetPeriod.map { max(1, Int($0.end(of: now).timeIntervalSince(now).rounded(.up))) })
        }
        return BudgetReservation(keyID: key.id, periodStart: start, amount: estimate)
    }

    /// Replaces a reservation with the real cost (0 releases it).
    public func settle(_ reservation: BudgetReservation, cost: Double) {
        accounts.withLock { accounts in
            guard var account = accounts[reservation.keyID] else { return }
            account.reserved = max(0, account.reserved - reservation.amount)
            if account.periodStart == reservation.periodStart {
                account.unsynced += cost
            } else if cost > 0 {
                pendingOldPeriods.withLock { $0.append(SpendDelta(keyID: reservation.keyID, periodStart: reservation.periodStart, amountUSD: cost)) }
            }
            accounts[reservation.keyID] = account
        }
    }

    /// Costs settled after their budget period had rolled over, still to be added under the old period.
    private let pendingOldPeriods = Mutex<[SpendDelta]>([])

    /// What a key has spent in its current period, as this replica knows it (store + unsynced).
    public func spent(keyID: String) -> Double {
        accounts.withLock { accounts in
            accounts[keyID].map { $0.stored + $0.unsynced } ?? 0
        }
    }

    /// Loads the spend of keys with budgets (at start, and for keys seen for the first time).
    public func load(keys: [ClientKey], now: Date = Date()) async throws {
        var starts: [String: Int64] = [:]
        for key in keys where key.limits.budgetUSD != nil {
            starts[key.id] = Self.periodStart(key.limits.budgetPeriod, at: now)
        }
        let totals = try await store.spend(since: starts)
        accounts.withLock { accounts in
            for (keyID, start) in starts {
                var account = accounts[keyID] ?? Account(periodStart: start)
                if account.periodStart != start { account = Account(periodStart: start, reserved: account.reserved) }
                account.stored = totals[keyID] ?? 0
                accounts[keyID] = account
            }
        }
    }

    /// Writes settled amounts to the store and reads every tracked key's total back.
    @discardableResult
    public func sync() async -> Bool {
        let (deltas, starts) = accounts.withLock { accounts -> ([SpendDelta], [String: Int64]) in
            var deltas: [SpendDelta] = []
            var starts: [String: Int64] = [:]
            for (keyID, account) in accounts {
                starts[keyID] = account.periodStart
                if account.unsynced != 0 {
                    deltas.append(SpendDelta(keyID: keyID, periodStart: account.periodStart, amountUSD: account.unsynced))
                    accounts[keyID]?.unsynced = 0
                    accounts[keyID]?.stored += account.unsynced
                }
            }
            return (deltas, starts)
        }
        let old = pendingOldPeriods.withLock { pending -> [SpendDelta] in
            defer { pending.removeAll() }
            return pending
        }
        do {
            try await store.addSpend(deltas + old)
        } catch {
            if !(error is CancellationError) {
                logger.error("Could not write key spend; will retry", metadata: ["error": "\(error)"])
            }
            accounts.withLock { accounts in
                for delta in deltas {
                    accounts[delta.keyID]?.unsynced += delta.amountUSD
                    accounts[delta.keyID]?.stored -= delta.amountUSD
                }
            }
            pendingOldPeriods.withLock { $0.append(contentsOf: old) }
            return false
        }
        do {
            let totals = try await store.spend(since: starts)
            accounts.withLock { accounts in
                for (keyID, start) in starts where accounts[keyID]?.periodStart == start {
                    accounts[keyID]?.stored = totals[keyID] ?? 0
                }
            }
        } catch is CancellationError {
            // Shutting down: the next sync (the drain) reads again.
        } catch {
            logger.warning("Could not read key spend from the store", metadata: ["error": "\(error)"])
        }
        return true
    }

    public func run() async throws {
        await repeatUntilShutdown(every: syncInterval) { await self.sync() }
        await drain()
    }

    /// Syncs until nothing settled is left unwritten (a few retries), for shutdown.
    public func drain() async {
        for attempt in 0..<10 {
            if await sync() { return }
            try? await Task.sleep(for: .milliseconds(100 * (attempt + 1)))
        }
        logger.error("Key spend could not be written before shutdown")
    }

    static func format(_ amount: Double) -> String {
        let cents = (amount * 100).rounded() / 100
        return cents == cents.rounded() ? String(Int(cents)) + ".00" : String(format: "%.2f", cents)
    }
}

/// Money set aside for one request in flight; settled exactly once when the request ends.
public struct BudgetReservation: Sendable {
    public let keyID: String
    public let periodStart: Int64
    public let amount: Double
}
