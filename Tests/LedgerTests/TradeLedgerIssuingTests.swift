import Benchmarks
import Foundation
import Testing
import TraceModel
import TradeLogic

@testable import Ledger

/// Trace-code issuing and group commit on real SQLite files.
@Suite struct TradeLedgerIssuingTests {
    /// Codes follow the default 20-digit layout and count up from 1, per operator.
    @Test func sequentialCodesInDefaultLayout() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        let trades = try await commitSequentially(ledger, count: 30)
        #expect(trades[26].traceCode == "33010200100010000027")
        #expect(trades.allSatisfy { $0.traceCode.count == 20 && $0.traceCode.allSatisfy(\.isWholeNumber) })
        #expect(trades.map(\.id) == Array(1...30))
        #expect(Set(trades.map(\.traceCode)).count == 30)
        #expect(trades[0].prevHash == String(repeating: "0", count: 64))
        #expect(trades[1].prevHash == trades[0].hash)

        let other = try await ledger.commit(sampleDraft(operatorCode: "3301020010002"))
        #expect(other.traceCode == "33010200100020000001")
        try await ledger.close()
    }

    /// What `commit` returns is exactly what is stored and read back.
    @Test func committedTradeReadsBackIdentically() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let clock = ManualWallClock(start: marketMorning.addingTimeInterval(0.1234), utcOffsetSeconds: 8 * 3600)
        let ledger = try openLedger(sandbox, clock: clock)
        let trade = try await ledger.commit(sampleDraft(parents: ["a\"b", "c\\d", "换行\n"]))
        #expect(trade.draft == sampleDraft(parents: ["a\"b", "c\\d", "换行\n"]))
        #expect(trade.utcOffsetSeconds == 28_800)
        #expect(
            CommitTimestamp.format(milliseconds: CommitTimestamp.milliseconds(trade.committedAt))
                == "2026-11-22T02:00:00.123Z")
        #expect(try ledger.trade(traceCode: trade.traceCode) == trade)
        #expect(try ledger.lastTrade() == trade)
        #expect(try ledger.count() == 1)
        #expect(try ledger.trade(traceCode: "00000000000000000000") == nil)

        clock.advance(seconds: 60)
        let later = try await commitSequentially(ledger, count: 3)
        #expect(try ledger.trades(limit: 2) == Array(later.suffix(2)))
        #expect(try ledger.trades(since: marketMorning.addingTimeInterval(30)) == later)
        #expect(try ledger.trades() == [trade] + later)
        #expect(try ledger.reader.trades(afterID: 1, limit: 2) == Array(later.prefix(2)))
        try await ledger.close()
    }

    /// A date template keeps the later date when the clock jumps back, and never reuses a code.
    @Test func dateTemplateSurvivesClockGoingBackwards() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let clock = ManualWallClock(start: marketMorning)
        let ledger = try openLedger(sandbox, template: .nodeDaily, clock: clock)
        var codes = try await commitSequentially(ledger, count: 3).map(\.traceCode)
        #expect(codes == ["33010200126112200001", "33010200126112200002", "33010200126112200003"])

        clock.advance(seconds: 14 * 3600 + 1)  // past local midnight: 2026-11-23 00:00:01 CST
        codes.append(try await ledger.commit(sampleDraft()).traceCode)
        #expect(codes.last == "33010200126112300001")

        clock.set(marketMorning.addingTimeInterval(-2 * 86_400))  // NTP "corrects" two days back
        codes += try await commitSequentially(ledger, count: 2).map(\.traceCode)
        #expect(codes.suffix(2) == ["33010200126112300002", "33010200126112300003"])
        #expect(Set(codes).count == codes.count)

        clock.set(marketMorning.addingTimeInterval(2 * 86_400))  // and forward again: a new day
        #expect(try await ledger.commit(sampleDraft()).traceCode == "33010200126112400001")
        #expect(try ledger.verify().isIntact)
        try await ledger.close()
    }

    /// No wrap-around: the (maxSequence+1)th code is a clear refusal; other operators go on.
    @Test func exhaustedSequenceIsRefused() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox, template: try TraceCodeTemplate(parsing: "{operator}{seq:2}"))
        let trades = try await commitSequentially(ledger, count: 99)
        #expect(trades.last?.traceCode == "330102001000199")
        let error = await ledgerError { _ = try await ledger.commit(sampleDraft()) }
        #expect(error?.kind == .sequenceExhausted)
        let message = error?.message ?? ""
        #expect(message.contains("trace-code sequence for operator 3301020010001 is exhausted (99 codes issued)"))
        #expect(message.contains("assign a new operator code or widen {seq:N}"))
        #expect(message.contains("stall-12"))
        #expect(try await ledger.commit(sampleDraft(operatorCode: "3301020010002")).traceCode == "330102001000201")
        #expect(try ledger.count() == 100)
        #expect(try ledger.verify().isIntact)
        try await ledger.close()
    }

    /// 1,000 commits from 50 tasks: every code unique, sequence gap-free, chain intact.
    @Test func thousandConcurrentCommits() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        let trades = try await withThrowingTaskGroup(of: [Trade].self) { group in
            for worker in 0..<50 {
                group.addTask {
                    try await commitSequentially(ledger, count: 20, draft: sampleDraft(station: "stall-\(worker)"))
                }
            }
            var all: [Trade] = []
            for try await part in group { all += part }
            return all
        }
        #expect(trades.count == 1000)
        #expect(Set(trades.map(\.traceCode)).count == 1000)
        let expected = Set(
            (1...1000).map { "3301020010001" + String(repeating: "0", count: 7 - String($0).count) + String($0) })
        #expect(Set(trades.map(\.traceCode)) == expected)
        #expect(Set(trades.map(\.id)) == Set(1...1000))
        let verification = try ledger.verify()
        #expect(verification.isIntact)
        #expect(verification.tradeCount == 1000)
        #expect(verification.lastHash == trades.max { $0.id < $1.id }?.hash)
        try await ledger.close()
    }

    /// A bad draft in a shared batch fails alone; its neighbours commit.
    @Test func oneBadDraftDoesNotSinkItsBatch() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox, template: try TraceCodeTemplate(parsing: "{operator}{seq:1}"))
        // Operator ...0009 has one code left, so of its two drafts exactly one can commit.
        try await commitSequentially(ledger, count: 8, draft: sampleDraft(operatorCode: "3301020010009"))
        let drafts: [TradeDraft] =
            (0..<6).map { sampleDraft(operatorCode: "330102001000\($0)") }
            + [
                sampleDraft(grams: 0), sampleDraft(operatorCode: "33010A"),
                sampleDraft(operatorCode: "3301020010009"), sampleDraft(operatorCode: "3301020010009"),
            ]
        let outcomes = await withTaskGroup(of: (Int, Result<Trade, LedgerError>).self) { group in
            for (index, draft) in drafts.enumerated() {
                group.addTask {
                    do { return (index, .success(try await ledger.commit(draft))) } catch let error as LedgerError {
                        return (index, .failure(error))
                    } catch { return (index, .failure(LedgerError(kind: .storage, message: "\(error)"))) }
                }
            }
            var all: [Int: Result<Trade, LedgerError>] = [:]
            for await (index, outcome) in group { all[index] = outcome }
            return all
        }
        for index in 0..<6 { #expect((try? outcomes[index]?.get()) != nil) }
        func failure(_ index: Int) -> LedgerError? {
            if case .failure(let error) = outcomes[index] { return error } else { return nil }
        }
        #expect(failure(6)?.kind == .invalidDraft)
        #expect(failure(6)?.message.contains("more than 0 g") == true)
        #expect(failure(7)?.kind == .invalidDraft)
        #expect(failure(7)?.message.contains("33010A") == true)
        let lastCode = [failure(8), failure(9)].compactMap { $0 }
        #expect(lastCode.count == 1)
        #expect(lastCode.first?.kind == .sequenceExhausted)
        #expect(try ledger.count() == 8 + 6 + 1)
        #expect(try ledger.verify().isIntact)
        try await ledger.close()
    }

    /// An ambiguous template that renders an existing code refuses that trade and writes nothing.
    @Test func ambiguousTemplateCollisionIsRefused() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox, template: try TraceCodeTemplate(parsing: "{operator}{seq:1}{node}"))
        func draft(_ operatorCode: String, _ nodeCode: String) -> TradeDraft {
            var draft = sampleDraft(operatorCode: operatorCode)
            draft.nodeCode = nodeCode
            return draft
        }
        #expect(try await ledger.commit(draft("11", "3")).traceCode == "1113")
        #expect(try await ledger.commit(draft("11", "3")).traceCode == "1123")
        let error = await ledgerError { _ = try await ledger.commit(draft("1", "23")) }  // also 1·1·23
        #expect(error?.kind == .duplicateTraceCode)
        #expect(error?.message.contains("{operator}{seq:1}{node}") == true)
        #expect(try await ledger.commit(draft("11", "3")).traceCode == "1133")
        #expect(try ledger.count() == 3)
        #expect(try ledger.verify().isIntact)
        try await ledger.close()
    }

    /// Closing and reopening continues every sequence and the chain.
    @Test func reopenContinuesSequence() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let first = try openLedger(sandbox)
        let before = try await commitSequentially(first, count: 5)
        try await first.close()
        try await first.close()  // idempotent
        let error = await ledgerError { _ = try await first.commit(sampleDraft()) }
        #expect(error?.kind == .closed)

        let second = try openLedger(sandbox)
        let after = try await second.commit(sampleDraft())
        #expect(after.traceCode == "33010200100010000006")
        #expect(after.prevHash == before.last?.hash)
        #expect(try second.verify().tradeCount == 6)
        #expect(try second.verify().isIntact)
        try await second.close()
    }

    /// `run()` as a service: commits work meanwhile; cancellation drains, closes, then refuses.
    @Test func runStopsOnCancellation() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await ledger.run() }
            try await commitSequentially(ledger, count: 3)
            group.cancelAll()
            try await group.waitForAll()
        }
        let error = await ledgerError { _ = try await ledger.commit(sampleDraft()) }
        #expect(error?.kind == .closed)
        #expect(error?.message.contains("NOT recorded") == true)
        // Shutdown checkpointed even though it ran in a cancelled task.
        let wal = sandbox.ledgerPath + "-wal"
        #expect(((try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0) == 0)
        let reader = try TradeLedger.openReadOnly(path: sandbox.ledgerPath)
        #expect(try reader.count() == 3)
        try reader.close()
    }

    /// The benchmark helper runs end to end (figures are reported, not asserted).
    @Test func benchmarkRuns() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let result = try await LedgerBenchmark.run(path: sandbox.ledgerPath, trades: 200, concurrency: 8)
        #expect(result.trades == 200)
        #expect(result.tradesPerSecond > 0)
        #expect(result.p99LatencyMilliseconds >= result.p50LatencyMilliseconds)
        let again = await ledgerError {
            _ = try await LedgerBenchmark.run(path: sandbox.ledgerPath, trades: 1, concurrency: 1)
        }
        #expect(again != nil)
    }
}
