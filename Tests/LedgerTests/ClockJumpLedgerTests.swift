import Foundation
import GRDB
import Testing
import TraceModel
import TradeLogic

@testable import Ledger

/// The wall clock set back and far ahead across reopenings of the ledger (a daemon restart is a new `TradeLedger`
/// on the same file): trace codes stay unique and grow per stream, `committed_at` is what the clock said, the
/// `clock_went_back` flag is set exactly where it went back and survives the restart, both verifiers check the
/// flag, and retention does not prune recent history because of the bogus clock (docs/ledger-format.md,
/// docs/outbox.md).
@Suite struct ClockJumpLedgerTests {
    /// One phase: the clock's time at the first trade, and how many trades are committed one second apart.
    struct Phase {
        let start: Date
        let trades: Int
    }

    /// Now, a day back, a year ahead, back to now (an hour later).
    static let phases = [
        Phase(start: marketMorning, trades: 3),
        Phase(start: marketMorning.addingTimeInterval(-86_400), trades: 2),
        Phase(start: marketMorning.addingTimeInterval(365 * 86_400), trades: 2),
        Phase(start: marketMorning.addingTimeInterval(3600), trades: 2),
    ]

    /// Commits each phase's trades with a ledger opened afresh at that phase's clock; returns them in order.
    @discardableResult
    private func commitPhases(_ sandbox: LedgerSandbox, template: TraceCodeTemplate) async throws -> [Trade] {
        var trades: [Trade] = []
        for phase in Self.phases {
            let clock = ManualWallClock(start: phase.start)
            let ledger = try openLedger(sandbox, template: template, clock: clock)
            for _ in 0..<phase.trades {
                trades.append(try await ledger.commit(sampleDraft()))
                clock.advance(seconds: 1)
            }
            try await ledger.close()
        }
        return trades
    }

    /// Across restarts a day back, a year ahead and back: codes unique and increasing, times as the clock said,
    /// the flag on exactly the first trade after each jump back, as committed and as read back from the file.
    @Test(arguments: [TraceCodeTemplate.nodeDaily, .standard])
    func restartsWithTheClockSetBackKeepCodesAndFlagTheJumps(template: TraceCodeTemplate) async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let committed = try await commitPhases(sandbox, template: template)
        let reader = try TradeLedger.openReadOnly(path: sandbox.ledgerPath)
        let stored = try reader.trades()
        #expect(stored == committed, "the trades read back from the file differ from the ones committed")

        let codes = stored.map(\.traceCode)
        #expect(Set(codes).count == codes.count, "a trace code was issued twice: \(codes)")
        #expect(codes == codes.sorted(), "trace codes of one stream went backwards: \(codes)")
        let expectedTimes = Self.phases.flatMap { phase in
            (0..<phase.trades).map { phase.start.addingTimeInterval(Double($0)) }
        }
        #expect(stored.map(\.committedAt) == expectedTimes, "committed_at is not what the wall clock said")
        // Trade 4 (a day back after trade 3) and trade 8 (now after a year ahead) went back; no other.
        #expect(
            stored.map(\.clockWentBack) == [false, false, false, true, false, false, false, true, false],
            "clock_went_back is not set exactly on the trades committed earlier than the trade before them")
        // The outbox (`outbox list`, `/sync`) shows the same trades, flags included.
        #expect(try reader.outbox(platform: "city", state: .pending, limit: 100).map(\.trade) == committed)
        #expect(try reader.pendingTrades(platform: "city", after: 0, limit: 100) == committed)
        #expect(try reader.verify().isIntact)
        try reader.close()
        let report = try await IndependentVerifier.run(sandbox.ledgerPath)
        #expect(report.exitStatus == 0 && report.intact == true && report.trades == stored.count)
    }

    /// The date template keeps the later date across a restart a day back: the codes go on from the last one.
    @Test func dateTemplateKeepsTheLaterDateAcrossARestartADayBack() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let codes = try await commitPhases(sandbox, template: .nodeDaily).map(\.traceCode)
        #expect(
            codes == [
                "33010200126112200001", "33010200126112200002", "33010200126112200003",
                // a day back: still 2026-11-22, counting on
                "33010200126112200004", "33010200126112200005",
                // a year ahead: a new day
                "33010200127112200001", "33010200127112200002",
                // back to now: the later (bogus) date is kept until the real date passes it
                "33010200127112200003", "33010200127112200004",
            ])
    }

    /// A flag changed behind the ledger's back, either way, is found by both verifiers at that trade.
    @Test(arguments: [
        ("UPDATE trades SET clock_went_back = 0 WHERE id = 4", Int64(4)),
        ("UPDATE trades SET clock_went_back = 1 WHERE id = 6", Int64(6)),
    ])
    func aChangedFlagIsFoundByBothVerifiers(sql: String, tradeID: Int64) async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        try await commitPhases(sandbox, template: .standard)
        let queue = try DatabaseQueue(path: sandbox.ledgerPath)
        try await queue.write { db in try db.execute(sql: sql) }
        try queue.close()
        let reader = try TradeLedger.openReadOnly(path: sandbox.ledgerPath)
        let own = try reader.verify()
        try reader.close()
        #expect(own.firstBrokenLink?.tradeID == tradeID, "the gateway's verify missed the changed flag: \(own)")
        #expect(own.firstBrokenLink?.problem == .clockFlagMismatch)
        let report = try await IndependentVerifier.run(sandbox.ledgerPath)
        #expect(report.exitStatus == 1, "the independent verifier missed the changed flag")
        #expect(report.firstBroken?.id == tradeID)
        #expect(report.firstBroken?.check == "clock")
    }

    /// Migration v4 flags trades that an older gateway committed with the clock going back, so such a ledger still
    /// verifies with the flag checked.
    @Test func migrationFlagsOlderTradesByTheSameRule() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        try await commitPhases(sandbox, template: .standard)
        // Roll the file back to before migration v4 (SQLite 3.35+ drops a column), as an older gateway left it.
        let queue = try DatabaseQueue(path: sandbox.ledgerPath)
        try await queue.write { db in
            try db.execute(sql: "ALTER TABLE trades DROP COLUMN clock_went_back")
            try db.execute(
                sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [LedgerSchema.clockFlagMigration])
        }
        try queue.close()
        let old = try TradeLedger.openReadOnly(path: sandbox.ledgerPath)
        #expect(try old.trades().allSatisfy { !$0.clockWentBack })
        #expect(try old.verify().isIntact)
        try old.close()

        let ledger = try openLedger(sandbox)
        #expect(
            try ledger.trades().map(\.clockWentBack) == [false, false, false, true, false, false, false, true, false])
        #expect(try ledger.verify().isIntact)
        try await ledger.close()
    }

    /// Opens a ledger and commits one trade at each of `times` (the clock set to it), all accepted by "city".
    private func acceptedLedger(_ sandbox: LedgerSandbox, at times: [Date]) async throws -> (TradeLedger, [Trade]) {
        let clock = ManualWallClock(start: times[0])
        let ledger = try openLedger(sandbox, clock: clock)
        var trades: [Trade] = []
        for time in times {
            clock.set(time)
            trades.append(try await ledger.commit(sampleDraft()))
        }
        try await ledger.recordOutcomes(
            platform: "city", batchID: "all",
            results: trades.map { DeliveryResult(tradeID: $0.id, outcome: .accepted) },
            at: times[times.count - 1])
        return (ledger, trades)
    }

    /// Thirty days.
    static let retention: TimeInterval = 30 * 86_400

    /// A daemon started with its clock a year ahead, before any trade is committed at that time: delivered trades
    /// from the last days are not pruned (the cutoff stops at the newest trade minus the retention period).
    @Test func aClockAYearAheadPrunesNothingRecent() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let times = (0..<5).map { marketMorning.addingTimeInterval(Double($0) * 86_400) }
        let (ledger, _) = try await acceptedLedger(sandbox, at: times)
        let ahead = times[4].addingTimeInterval(365 * 86_400)
        let pruned = try await ledger.prune(olderThan: Self.retention, acceptedBy: ["city"], at: ahead)
        #expect(pruned.prunedCount == 0, "a clock a year ahead pruned \(pruned.prunedCount) recent trade(s)")
        #expect(try ledger.count() == 5)
        try await ledger.close()
    }

    /// Trades committed while the clock is a year ahead do not make the real recent history look old: pruning is
    /// held back while the clock is ahead; once it is set back, only trades really older than retention go.
    @Test func tradesAYearAheadDoNotAgeRecentHistory() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let now = marketMorning
        let ahead = now.addingTimeInterval(365 * 86_400)
        // Two trades 60 days old, three of the last days, then two with the clock a year ahead.
        let times = [-60.0, -59, -2, -1, 0].map { now.addingTimeInterval($0 * 86_400) } + [ahead, ahead + 60]
        let (ledger, trades) = try await acceptedLedger(sandbox, at: times)

        var pruned = try await ledger.prune(olderThan: Self.retention, acceptedBy: ["city"], at: ahead + 3600)
        #expect(pruned.prunedCount == 0, "while the clock was a year ahead, \(pruned.prunedCount) trade(s) were pruned")

        // NTP sets the clock back: the two trades 60 days old go, nothing else.
        pruned = try await ledger.prune(olderThan: Self.retention, acceptedBy: ["city"], at: now + 7200)
        #expect(pruned.prunedCount == 2, "after the clock was set back, \(pruned.prunedCount) trade(s) were pruned")
        #expect(try ledger.trades().map(\.id) == trades[2...].map(\.id))
        #expect(try ledger.verify().isIntact)
        try await ledger.close()
    }

    /// With a correct clock the guarded pruning still prunes what is older than retention.
    @Test func aCorrectClockStillPrunesOldTrades() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let times = [-45.0, -44, -40, -12, -1].map { marketMorning.addingTimeInterval($0 * 86_400) }
        let (ledger, trades) = try await acceptedLedger(sandbox, at: times)
        let pruned = try await ledger.prune(olderThan: Self.retention, acceptedBy: ["city"], at: marketMorning)
        #expect(pruned.prunedCount == 3)
        #expect(pruned.prunedThroughID == trades[2].id)
        try await ledger.close()
    }
}
