import Testing
import Foundation
import Logging
import Synchronization
import SwitchboardCore
import SwitchboardStore
@testable import SwitchboardServer

/// A spend store in memory that can be made to fail, shared by "replicas" (ledgers) in a test.
final class MemorySpendStore: SpendStore, Sendable {
    let rows = Mutex<[String: Double]>([:])
    let failing = Mutex(false)

    func addSpend(_ deltas: [SpendDelta]) async throws {
        if failing.withLock({ $0 }) { throw CocoaError(.fileWriteUnknown) }
        rows.withLock { rows in
            for delta in deltas { rows["\(delta.keyID)@\(delta.periodStart)", default: 0] += delta.amountUSD }
        }
    }

    func spend(since periodStarts: [String: Int64]) async throws -> [String: Double] {
        if failing.withLock({ $0 }) { throw CocoaError(.fileReadUnknown) }
        return rows.withLock { rows in
            var result: [String: Double] = [:]
            for (keyID, start) in periodStarts { result[keyID] = rows["\(keyID)@\(start)"] }
            return result
        }
    }
}

@Suite("Budget ledger")
struct BudgetLedgerTests {
    static func key(budget: Double?, period: BudgetPeriod? = nil, id: String = "key_a") -> ClientKey {
        ClientKey(id: id, name: id, keyHash: "", hint: "", limits: KeyLimits(budgetUSD: budget, budgetPeriod: period))
    }

    static func ledger(_ store: MemorySpendStore) -> BudgetLedger {
        BudgetLedger(store: store, logger: Logger(label: "test"))
    }

    @Test func keysWithoutABudgetReserveNothing() throws {
        let ledger = Self.ledger(MemorySpendStore())
        #expect(try ledger.reserve(key: Self.key(budget: nil), estimate: 5) == nil)
    }

    @Test func reservationsCountAgainstTheBudgetUntilSettled() throws {
        let ledger = Self.ledger(MemorySpendStore())
        let key = Self.key(budget: 1)
        let first = try #require(try ledger.reserve(key: key, estimate: 0.6))
        let second = try #require(try ledger.reserve(key: key, estimate: 0.6), "admitted while anything is left")
        #expect(throws: GatewayError.self) { try ledger.reserve(key: key, estimate: 0.01) }
        ledger.settle(first, cost: 0.1)
        ledger.settle(second, cost: 0)
        #expect(abs(ledger.spent(keyID: key.id) - 0.1) < 1e-12)
        #expect(try ledger.reserve(key: key, estimate: 0.5) != nil, "released reservations free the budget again")
    }

    @Test func aSpentBudgetIsInsufficientQuotaWithTheTimeToTheNextPeriod() throws {
        let ledger = Self.ledger(MemorySpendStore())
        let key = Self.key(budget: 0.5, period: .daily)
        let reservation = try #require(try ledger.reserve(key: key, estimate: 0.1))
        ledger.settle(reservation, cost: 0.5)
        do {
            _ = try ledger.reserve(key: key, estimate: 0.1)
            Issue.record("a spent budget must be refused")
        } catch {
            #expect(error.kind == .insufficientQuota)
            #expect(error.status == 429)
            #expect((error.retryAfter ?? 0) > 0 && (error.retryAfter ?? 0) <= 86_400)
        }
    }

    @Test func settledSpendReachesTheStoreAndAnotherReplicaSeesIt() async throws {
        let store = MemorySpendStore()
        let first = Self.ledger(store)
        let second = Self.ledger(store)
        let key = Self.key(budget: 1, period: .monthly)
        first.settle(try #require(try first.reserve(key: key, estimate: 0.2)), cost: 1.2)
        #expect(await first.sync())
        try await second.load(keys: [key])
        #expect(abs(second.spent(keyID: key.id) - 1.2) < 1e-12)
        #expect(throws: GatewayError.self) { try second.reserve(key: key, estimate: 0.01) }
    }

    @Test func anOutageKeepsUnsyncedSpendUntilTheStoreIsBack() async throws {
        let store = MemorySpendStore()
        let ledger = Self.ledger(store)
        let key = Self.key(budget: 10)
        ledger.settle(try #require(try ledger.reserve(key: key, estimate: 1)), cost: 0.75)
        store.failing.withLock { $0 = true }
        #expect(await ledger.sync() == false)
        #expect(abs(ledger.spent(keyID: key.id) - 0.75) < 1e-12, "still counted locally")
        store.failing.withLock { $0 = false }
        #expect(await ledger.sync())
        #expect(abs((store.rows.withLock { $0["key_a@0"] } ?? 0) - 0.75) < 1e-12, "written once, not twice")
        #expect(await ledger.sync())
        #expect(abs((store.rows.withLock { $0["key_a@0"] } ?? 0) - 0.75) < 1e-12)
    }

    @Test func periodsStartAtUTCMidnightAndTheFirstOfTheMonth() {
        let date = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T11:06:40Z
        #expect(BudgetPeriod.daily.start(of: date) == Date(timeIntervalSince1970: 1_794_960_000))
        #expect(BudgetPeriod.monthly.start(of: date) == Date(timeIntervalSince1970: 1_793_491_200))
        #expect(BudgetPeriod.monthly.end(of: date) == Date(timeIntervalSince1970: 1_796_083_200))
    }
}
