import Foundation
import GRDB
import Testing
import TraceModel

@testable import Ledger

/// docs/ledger-format.md holds: golden vectors fix the hash input, and an independent verifier written from the
/// document (scripts/verify-ledger, Python standard library) agrees with `verify` on ledgers the gateway wrote,
/// intact, pruned and tampered with in every way the document names.
@Suite struct LedgerFormatTests {
    /// One golden vector of docs/ledger-format.md: the stored values and the hash they must give.
    struct Vector {
        let traceCode: String
        let draft: TradeDraft
        let committedAt: String
        let utcOffsetSeconds: Int
        let hash: String
    }

    /// The three vectors of docs/ledger-format.md, chained in this order.
    static let vectors = [
        Vector(
            traceCode: "33010200100012611220001",
            draft: TradeDraft(
                station: "stall-12", nodeCode: "330102001", operatorCode: "3301020010001", productCode: "10010001",
                productName: "猪后腿肉", grams: 1234, unitPriceFen: 3600, amountFen: 4442,
                parents: ["37060000400010000003"], buyer: "card-0042"),
            committedAt: "2026-11-22T02:00:00.000Z", utcOffsetSeconds: 28800,
            hash: "c246efbb253559b54bbdad9710c6fe3ec30c6d4ebfab84ecfc0e693d1dfe241a"),
        Vector(
            traceCode: "33010200100012611220002",
            draft: TradeDraft(
                station: "stall-12", nodeCode: "330102001", operatorCode: "3301020010001", productCode: "10010001",
                productName: "pork \"leg\"\na=b:c", grams: 0, unitPriceFen: 3600, amountFen: -4442, parents: [],
                buyer: ""),
            committedAt: "2026-11-22T02:00:01.999Z", utcOffsetSeconds: -18000,
            hash: "5a458c5594a0e8982df37f57efaaeccc13d55d8d6b702c18d9aaa8278d118f77"),
        Vector(
            traceCode: "33010200100012611220003",
            draft: TradeDraft(
                station: "wholesale-1", nodeCode: "330102001", operatorCode: "3301020010002", productCode: "20020002",
                productName: "白菜", grams: 25000, unitPriceFen: 120, amountFen: 3000, parents: ["A1", "B\"2"],
                buyer: "card-9"),
            committedAt: "2026-12-31T23:59:59.000Z", utcOffsetSeconds: 28800,
            hash: "48f93ba0ef7bafa8bfa78d15017b0312a549ba60a772bf4364f219f419316744"),
    ]

    /// The gateway's hash of each vector is the document's, with the document's stored forms.
    @Test func goldenVectorsGiveTheDocumentedHashes() {
        var previous = TradeRecord.genesisHash
        for vector in Self.vectors {
            let record = TradeRecord(
                traceCode: vector.traceCode, draft: vector.draft, committedAt: vector.committedAt,
                utcOffsetSeconds: vector.utcOffsetSeconds, prevHash: previous)
            #expect(record.hash == vector.hash, "vector \(vector.traceCode)")
            #expect(record.computedHash() == vector.hash)
            previous = record.hash
        }
        // The stored `parents` texts the document lists.
        #expect(TradeRecord.json(Self.vectors[0].draft.parents) == #"["37060000400010000003"]"#)
        #expect(TradeRecord.json([]) == "[]")
        #expect(TradeRecord.json(Self.vectors[2].draft.parents) == #"["A1","B\"2"]"#)
    }

    /// The golden vectors stored as rows (as a third party would find them) verify with both verifiers, and the
    /// independent one computes the same hashes.
    @Test func goldenVectorsAsALedgerVerifyWithBothVerifiers() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        try await ledger.close()
        let queue = try DatabaseQueue(path: sandbox.ledgerPath)
        try await queue.write { db in
            var previous = TradeRecord.genesisHash
            for vector in Self.vectors {
                let record = TradeRecord(
                    traceCode: vector.traceCode, draft: vector.draft, committedAt: vector.committedAt,
                    utcOffsetSeconds: vector.utcOffsetSeconds, prevHash: previous)
                try db.execute(
                    sql:
                        "INSERT INTO trades (\(TradeRecord.insertColumns)) VALUES (\(Array(repeating: "?", count: 16).joined(separator: ",")))",
                    arguments: record.insertArguments)
                previous = record.hash
            }
        }
        try queue.close()
        let reader = try TradeLedger.openReadOnly(path: sandbox.ledgerPath)
        #expect(try reader.verify().isIntact)
        #expect(try reader.verify().lastHash == Self.vectors[2].hash)
        try reader.close()
        let report = try await IndependentVerifier.run(sandbox.ledgerPath)
        #expect(report.exitStatus == 0)
        #expect(report.intact == true)
        #expect(report.trades == 3)
        #expect(report.lastHash == Self.vectors[2].hash)
    }

    /// A ledger the gateway wrote verifies with the independent verifier, which reaches the same last hash.
    @Test func gatewayLedgerVerifiesIndependently() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        try await commitSequentially(ledger, count: 25, draft: sampleDraft(parents: ["A\"1", "B\\2", "猪"]))
        try await commitSequentially(ledger, count: 5, draft: sampleDraft(parents: []))
        let own = try ledger.verify()
        try await ledger.close()
        let report = try await IndependentVerifier.run(sandbox.ledgerPath)
        #expect(own.isIntact)
        #expect(report.exitStatus == 0 && report.intact == true)
        #expect(report.trades == 30)
        #expect(report.lastHash == own.lastHash)
    }

    /// A pruned ledger verifies from its anchor with both verifiers; a forged anchor is found by both.
    @Test func prunedLedgerVerifiesFromItsAnchor() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        let trades = try await commitSequentially(ledger, count: 12)
        let later = marketMorning.addingTimeInterval(40 * 86_400)
        try await ledger.recordOutcomes(
            platform: "city", batchID: "b",
            results: trades[0..<8].map { DeliveryResult(tradeID: $0.id, outcome: .accepted) }, at: later)
        let pruned = try await ledger.prune(committedBefore: later, acceptedBy: ["city"])
        #expect(pruned.prunedCount == 8)
        let own = try ledger.verify()
        try await ledger.close()
        #expect(own.isIntact && own.prunedThroughID == trades[7].id && own.tradeCount == 4)
        var report = try await IndependentVerifier.run(sandbox.ledgerPath)
        #expect(report.exitStatus == 0 && report.intact == true)
        #expect(report.trades == 4)
        #expect(report.prunedThroughID == trades[7].id)
        #expect(report.lastHash == own.lastHash)

        try tamper(sandbox.ledgerPath, "UPDATE ledger_anchor SET pruned_hash = '\(String(repeating: "1", count: 64))'")
        let reader = try TradeLedger.openReadOnly(path: sandbox.ledgerPath)
        let forged = try reader.verify()
        try reader.close()
        #expect(forged.firstBrokenLink?.tradeID == trades[8].id)
        #expect(forged.firstBrokenLink?.problem == .prevHashMismatch)
        report = try await IndependentVerifier.run(sandbox.ledgerPath)
        #expect(report.exitStatus == 1)
        #expect(report.firstBroken?.id == trades[8].id)
        #expect(report.firstBroken?.check == "link")
    }

    /// Every hashed field, changed alone in one row (keeping its type), is found at that row by both verifiers;
    /// so is a rewritten `prev_hash` or `hash`, a changed type, rows swapped, and the newest row deleted.
    @Test(arguments: Tampering.all)
    func everyTamperingIsFoundByBothVerifiers(_ tampering: Tampering) async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        let trades = try await commitSequentially(ledger, count: 6)
        #expect(try ledger.verify().isIntact)
        try await ledger.close()
        #expect(try await IndependentVerifier.run(sandbox.ledgerPath).intact == true)

        for statement in tampering.sql { try tamper(sandbox.ledgerPath, statement) }
        let reader = try TradeLedger.openReadOnly(path: sandbox.ledgerPath)
        let own = try reader.verify()
        try reader.close()
        let expectedID = tampering.foundAt == 0 ? trades[5].id : Int64(tampering.foundAt)
        #expect(!own.isIntact, "\(tampering.name): the gateway's verify missed it")
        #expect(own.firstBrokenLink?.tradeID == expectedID, "\(tampering.name)")
        #expect(own.firstBrokenLink?.problem == tampering.problem, "\(tampering.name)")
        let report = try await IndependentVerifier.run(sandbox.ledgerPath)
        #expect(report.exitStatus == 1, "\(tampering.name): the independent verifier missed it")
        #expect(report.intact == false)
        #expect(report.firstBroken?.id == expectedID, "\(tampering.name)")
        #expect(report.firstBroken?.check == tampering.check, "\(tampering.name)")
    }

    /// Runs raw SQL on the ledger file, as someone with file access would.
    private func tamper(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }
}

/// One way to tamper with a six-trade ledger, and where and how it must be found.
struct Tampering: Sendable, CustomTestStringConvertible {
    /// What is changed.
    let name: String
    /// The statements.
    let sql: [String]
    /// The row id the first broken link names (0: the newest issued id, for truncation).
    let foundAt: Int
    /// The gateway's classification.
    let problem: LedgerVerification.Problem
    /// The independent verifier's classification.
    let check: String

    var testDescription: String { name }

    /// Row 3's column changed to another value of the same type.
    static func field(_ column: String, _ value: String) -> Tampering {
        Tampering(
            name: "trade 3's \(column)", sql: ["UPDATE trades SET \(column) = \(value) WHERE id = 3"], foundAt: 3,
            problem: .hashMismatch, check: "row")
    }

    /// Every case of docs/ledger-format.md "What a verifier checks".
    static let all: [Tampering] = [
        field("trace_code", "trace_code || 'X'"),
        field("station", "'stall-13'"),
        field("node_code", "'330102002'"),
        field("operator_code", "'3301020010009'"),
        field("product_code", "'10010002'"),
        field("product_name", "'猪前腿肉'"),
        field("grams", "grams + 1"),
        field("unit_price_fen", "unit_price_fen - 1"),
        field("amount_fen", "amount_fen + 100"),
        field("parents", #"'["37060000400010000004"]'"#),
        field("buyer", "'card-0043'"),
        field("committed_at", "'2026-11-22T01:00:00.000Z'"),
        field("utc_offset_seconds", "0"),
        Tampering(
            name: "trade 3's hash rewritten",
            sql: ["UPDATE trades SET hash = '\(String(repeating: "ab", count: 32))' WHERE id = 3"],
            foundAt: 3, problem: .hashMismatch, check: "row"),
        Tampering(
            name: "trade 3's prev_hash rewritten",
            sql: ["UPDATE trades SET prev_hash = '\(String(repeating: "cd", count: 32))' WHERE id = 3"], foundAt: 3,
            problem: .prevHashMismatch, check: "link"),
        // An INTEGER column keeps numeric-looking text as an integer (type affinity): "1234 g" stays text.
        Tampering(
            name: "trade 3's grams stored as text", sql: ["UPDATE trades SET grams = grams || ' g' WHERE id = 3"],
            foundAt: 3, problem: .wrongType, check: "type"),
        Tampering(
            name: "trade 3's amount stored as a real number",
            sql: ["UPDATE trades SET amount_fen = amount_fen + 0.5 WHERE id = 3"], foundAt: 3, problem: .wrongType,
            check: "type"),
        Tampering(
            name: "trades 3 and 4 swapped",
            sql: [
                "UPDATE trades SET id = 100 WHERE id = 3", "UPDATE trades SET id = 3 WHERE id = 4",
                "UPDATE trades SET id = 4 WHERE id = 100",
            ], foundAt: 3, problem: .prevHashMismatch, check: "link"),
        Tampering(
            name: "trade 4 deleted", sql: ["DELETE FROM trades WHERE id = 4"], foundAt: 5, problem: .prevHashMismatch,
            check: "link"),
        Tampering(
            name: "the newest trade deleted", sql: ["DELETE FROM trades WHERE id = 6"], foundAt: 0,
            problem: .truncated, check: "end"),
        // Not hashed, but it must follow the committed_at order the chain covers (check 6).
        Tampering(
            name: "trade 3's clock_went_back set", sql: ["UPDATE trades SET clock_went_back = 1 WHERE id = 3"],
            foundAt: 3, problem: .clockFlagMismatch, check: "clock"),
    ]
}

/// scripts/verify-ledger, run as an auditor would run it.
enum IndependentVerifier {
    /// What it printed with `--json`, and its exit status.
    struct Report {
        /// Exit status: 0 intact, 1 broken, 2 unreadable.
        var exitStatus: Int32
        /// "intact".
        var intact: Bool?
        /// "trades".
        var trades: Int?
        /// "last_hash".
        var lastHash: String?
        /// "pruned_through_id".
        var prunedThroughID: Int64?
        /// The first entry of "broken": its id and check.
        var firstBroken: (id: Int64, check: String)?
    }

    /// The script, found from this file's path.
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/verify-ledger").path
    }

    /// Runs `python3 scripts/verify-ledger --json PATH` on a thread of its own: waiting for a child process on the
    /// concurrency pool's few threads would starve every other test running in parallel.
    static func run(_ path: String) async throws -> Report {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try runBlocking(path) }) }
        }
    }

    /// Runs the verifier and waits for it.
    private static func runBlocking(_ path: String) throws -> Report {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--json", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var report = Report(exitStatus: process.terminationStatus)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return report }
        report.intact = object["intact"] as? Bool
        report.trades = (object["trades"] as? NSNumber)?.intValue
        report.lastHash = object["last_hash"] as? String
        report.prunedThroughID = (object["pruned_through_id"] as? NSNumber)?.int64Value
        if let first = (object["broken"] as? [[String: Any]])?.first, let id = (first["id"] as? NSNumber)?.int64Value,
            let check = first["check"] as? String
        {
            report.firstBroken = (id, check)
        }
        return report
    }
}
