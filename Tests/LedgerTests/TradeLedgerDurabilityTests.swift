import Foundation
import GRDB
import Testing
import TraceModel
import TradeLogic

@testable import Ledger

/// Storage guarantees: pragmas in force, damaged files, full disks, read-only access.
@Suite struct TradeLedgerDurabilityTests {
    /// DatabasePool resets synchronous to NORMAL; the ledger must have put FULL back, in WAL mode.
    @Test func synchronousFullAndWALAreInForce() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        #expect(try ledger.writerPragma("synchronous") == "2")
        #expect(try ledger.writerPragma("journal_mode") == "wal")
        try await commitSequentially(ledger, count: 2)
        #expect(try ledger.writerPragma("synchronous") == "2")
        try await ledger.close()
        let reopened = try openLedger(sandbox)
        #expect(try reopened.writerPragma("synchronous") == "2")
        try await reopened.close()
    }

    /// The files as a kill -9 or power cut leaves them (no close, WAL not checkpointed) hold every
    /// acknowledged trade, and the sequence continues after them: no code is issued twice.
    @Test func crashImageKeepsAcknowledgedTradesAndSequence() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        let trades = try await commitSequentially(ledger, count: 25)
        let walSize = try #require(
            FileManager.default.attributesOfItem(atPath: sandbox.ledgerPath + "-wal")[.size] as? Int)
        #expect(walSize > 0)  // the trades live in the WAL, not yet in the main file

        let crashDirectory = sandbox.directory.appendingPathComponent("crash")
        try FileManager.default.createDirectory(at: crashDirectory, withIntermediateDirectories: true)
        let crashPath = crashDirectory.appendingPathComponent("ledger.db").path
        for suffix in ["", "-wal"] {  // -shm is only an index; SQLite rebuilds it
            try FileManager.default.copyItem(atPath: sandbox.ledgerPath + suffix, toPath: crashPath + suffix)
        }
        let recovered = try TradeLedger(
            configuration: LedgerConfiguration(path: crashPath), clock: ManualWallClock(start: marketMorning))
        #expect(try recovered.count() == 25)
        #expect(try recovered.lastTrade() == trades.last)
        #expect(try recovered.verify().isIntact)
        let next = try await recovered.commit(sampleDraft())
        #expect(next.traceCode == "33010200100010000026")
        try await recovered.close()
        try await ledger.close()
    }

    /// A damaged file is moved aside with a clear error, and no empty ledger replaces it.
    @Test func damagedFileIsMovedAsideNotRecreated() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        let long = TradeDraft(
            station: "stall-7", nodeCode: "330102001", operatorCode: "3301020010001", productCode: "10010001",
            productName: String(repeating: "五花肉", count: 40), grams: 500, unitPriceFen: 3000, amountFen: 1500,
            parents: [])
        try await commitSequentially(ledger, count: 200, draft: long)
        try await ledger.close()
        let path = sandbox.ledgerPath
        // close() checkpoints: everything is in the main file, the WAL is empty.
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(walSize == 0)

        // Overwrite a whole page in the middle of the file with garbage.
        let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let pageSize = 4096
        #expect(size / pageSize >= 10)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: UInt64((size / pageSize / 2) * pageSize))
        try handle.write(contentsOf: Data((0..<pageSize).map { UInt8(truncatingIfNeeded: $0 * 7 + 13) }))
        try handle.close()

        let error = await ledgerError { _ = try openLedger(sandbox) }
        #expect(error?.kind == .damaged)
        let message = error?.message ?? ""
        #expect(message.contains("ledger \(path) is damaged (quick_check: "))
        #expect(message.contains("moved aside to \(path).damaged-20261122T020000Z"))
        #expect(message.contains("NO new ledger was created"))
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(FileManager.default.fileExists(atPath: path + ".damaged-20261122T020000Z"))
        #expect(sandbox.ledgerDirectoryListing() == ["ledger.db.damaged-20261122T020000Z"])

        // A restart must not quietly start an empty ledger (it would reissue printed codes).
        let again = await ledgerError { _ = try openLedger(sandbox) }
        #expect(again?.kind == .damaged)
        #expect(again?.message.contains("damaged ledger moved aside earlier") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// A file that is not SQLite at all counts as damaged too, and its -wal/-shm move with it.
    @Test func garbageFileIsMovedAsideWithSidecars() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let path = sandbox.ledgerPath
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        try Data().write(to: URL(fileURLWithPath: path + "-wal"))
        try Data().write(to: URL(fileURLWithPath: path + "-shm"))
        let error = await ledgerError { _ = try openLedger(sandbox) }
        #expect(error?.kind == .damaged)
        #expect(
            sandbox.ledgerDirectoryListing() == [
                "ledger.db.damaged-20261122T020000Z", "ledger.db.damaged-20261122T020000Z-shm",
                "ledger.db.damaged-20261122T020000Z-wal",
            ])
    }

    /// A full ledger refuses clearly, loses nothing committed, and recovers once space is freed.
    @Test func fullLedgerRefusesKeepsEverythingAndRecovers() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox, maxBytes: 96 * 1024)
        var committed: [Trade] = []
        var refusal: LedgerError?
        for index in 0..<5000 {
            do {
                committed.append(try await ledger.commit(sampleDraft(station: "stall-\(index % 3)")))
            } catch let error as LedgerError {
                refusal = error
                break
            }
        }
        let error = try #require(refusal)
        #expect(error.kind == .full)
        #expect(error.message.contains("ledger \(sandbox.ledgerPath) is full: trade at station stall-"))
        #expect(error.message.contains("NOT recorded; free disk space"))
        #expect(committed.count > 10)

        // Concurrent attempts while full: all refused, none half-written.
        let refusedKinds = await withTaskGroup(of: LedgerError.Kind?.self) { group in
            for _ in 0..<10 {
                group.addTask { await ledgerError { _ = try await ledger.commit(sampleDraft()) }?.kind }
            }
            var kinds: [LedgerError.Kind?] = []
            for await kind in group { kinds.append(kind) }
            return kinds
        }
        #expect(refusedKinds.allSatisfy { $0 == .full })
        #expect(try ledger.count() == committed.count)
        for trade in committed { #expect(try ledger.trade(traceCode: trade.traceCode) == trade) }
        #expect(try ledger.verify().isIntact)

        try await ledger.setQuota(maxBytes: nil)
        let next = try await ledger.commit(sampleDraft())
        #expect(next.traceCode == "3301020010001" + String(format: "%07d", committed.count + 1))
        #expect(next.prevHash == committed.last?.hash)
        #expect(try ledger.writerPragma("max_page_count").flatMap { Int($0) } ?? 0 >= 1_073_741_823)
        try await ledger.close()

        let tiny = await ledgerError { _ = try openLedger(sandbox, maxBytes: 100) }
        #expect(tiny?.kind == .invalidConfiguration)

        // A restart with a larger quota works as well.
        let reopened = try openLedger(sandbox, maxBytes: 10 * 1024 * 1024)
        try await commitSequentially(reopened, count: 3)
        #expect(try reopened.verify().tradeCount == committed.count + 4)
        #expect(try reopened.verify().isIntact)
        try await reopened.close()
    }

    /// CLI readers open alongside the daemon's writer, see new commits, and never migrate.
    @Test func readOnlyAccessAlongsideWriter() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let missing = await ledgerError { _ = try TradeLedger.openReadOnly(path: sandbox.ledgerPath) }
        #expect(missing?.kind == .missing)
        #expect(!FileManager.default.fileExists(atPath: sandbox.ledgerPath))

        let ledger = try openLedger(sandbox)
        try await commitSequentially(ledger, count: 3)
        let reader = try TradeLedger.openReadOnly(path: sandbox.ledgerPath)
        #expect(try reader.count() == 3)
        let fourth = try await ledger.commit(sampleDraft())
        #expect(try reader.count() == 4)
        #expect(try reader.lastTrade() == fourth)
        #expect(try reader.verify().isIntact)
        try reader.close()
        try await ledger.close()

        let other = sandbox.directory.appendingPathComponent("other.db").path
        let queue = try DatabaseQueue(path: other)
        try await queue.write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
        try queue.close()
        let foreign = await ledgerError { _ = try TradeLedger.openReadOnly(path: other) }
        #expect(foreign?.message.contains("not a TraceGate ledger") == true)
        let foreignWrite = await ledgerError {
            _ = try TradeLedger(configuration: LedgerConfiguration(path: other))
        }
        #expect(foreignWrite?.message.contains("not a TraceGate ledger") == true)
    }
}
