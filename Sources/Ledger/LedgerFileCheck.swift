import Foundation
import GRDB
import Logging

/// What happens to the ledger file before the daemon opens it for writing.
///
/// A damaged ledger is never repaired or recreated silently: it is moved aside, with its
/// -wal/-shm, to `<name>.damaged-<UTC timestamp>` and opening fails with an explanation. A new
/// empty ledger is also refused while such a damaged copy sits beside it, because a fresh ledger
/// restarts every trace-code sequence and would reissue codes already printed on tickets.
enum LedgerFileCheck {
    /// Creates the directory if needed, then checks the file (if any) with `PRAGMA quick_check`.
    static func prepare(path: String, now: Date, logger: Logger) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let files = FileManager.default
        do {
            try files.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw LedgerError(
                kind: .missing,
                message: "cannot create the ledger directory \(directory.path): \(error.localizedDescription); "
                    + "create it and give the tracegate user write access.")
        }
        guard files.fileExists(atPath: path) else {
            try refuseFreshLedgerBesideDamagedOne(path: path, directory: directory)
            return
        }
        guard let problem = try quickCheckProblem(path: path) else { return }
        let aside = try moveAside(path: path, stamp: CommitTimestamp.compact(now))
        logger.critical(
            "ledger failed its integrity check and was moved aside",
            metadata: ["path": "\(path)", "movedTo": "\(aside)", "quickCheck": "\(problem)"])
        throw LedgerError(
            kind: .damaged,
            message: "ledger \(path) is damaged (quick_check: \(problem)). It was moved aside to \(aside) "
                + "(with its -wal/-shm files) and NO new ledger was created. Restore the ledger from a backup "
                + "to \(path), or keep \(aside) for inspection and move it out of \(directory.path) to start "
                + "an empty ledger deliberately (trace-code sequences then restart: assign new operator codes).")
    }

    /// Runs `PRAGMA quick_check`; nil when the file is sound, else SQLite's findings.
    static func quickCheckProblem(path: String) throws -> String? {
        do {
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            let lines = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(20)") }
            if lines == ["ok"] { return nil }
            return lines.prefix(5).joined(separator: "; ") + (lines.count > 5 ? "; …" : "")
        } catch let error as DatabaseError
            where error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
        {
            return error.message ?? "\(error.resultCode)"
        } catch let error as DatabaseError {
            throw LedgerError(
                kind: .storage,
                message: "cannot open ledger \(path) to check it: \(openFailure(error, path: path))")
        }
    }

    /// SQLite's reason an open failed, and what to do: a refused map of the write-ahead log's index (`-shm`)
    /// is told apart from the plain "disk I/O error" SQLite's message gives for it.
    static func openFailure(_ error: DatabaseError, path: String) -> String {
        let reason = error.message ?? "\(error)"
        switch error.extendedResultCode {
        case .SQLITE_IOERR_SHMOPEN, .SQLITE_IOERR_SHMSIZE, .SQLITE_IOERR_SHMMAP, .SQLITE_IOERR_SHMLOCK:
            return "\(reason) (the memory map of its index \(path)-shm failed); the ledger must be on a local file "
                + "system that supports shared memory maps (not a network or FUSE mount), and the machine must not "
                + "be out of memory or address space."
        default:
            return "\(reason); check the file's permissions and the disk."
        }
    }

    /// Renames the file and its -wal/-shm to `<path>.damaged-<stamp>[-n]`; returns the new path.
    static func moveAside(path: String, stamp: String) throws -> String {
        let files = FileManager.default
        var aside = "\(path).damaged-\(stamp)"
        var attempt = 1
        while files.fileExists(atPath: aside) {
            attempt += 1
            aside = "\(path).damaged-\(stamp)-\(attempt)"
        }
        do {
            for suffix in ["-wal", "-shm"] where files.fileExists(atPath: path + suffix) {
                try files.moveItem(atPath: path + suffix, toPath: aside + suffix)
            }
            try files.moveItem(atPath: path, toPath: aside)
        } catch {
            throw LedgerError(
                kind: .damaged,
                message: "ledger \(path) is damaged and could not be moved aside to \(aside): "
                    + "\(error.localizedDescription); stop the daemon and move it by hand.")
        }
        return aside
    }

    /// Throws when a damaged ledger moved aside earlier sits beside the missing file.
    private static func refuseFreshLedgerBesideDamagedOne(path: String, directory: URL) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let siblings = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        guard let damaged = siblings.sorted().first(where: { $0.hasPrefix(name + ".damaged-") }) else { return }
        throw LedgerError(
            kind: .damaged,
            message: "ledger \(path) does not exist, but \(directory.appendingPathComponent(damaged).path) is a "
                + "damaged ledger moved aside earlier. A new empty ledger would restart trace-code sequences and "
                + "could reissue codes already printed. Restore a backup to \(path), or move the damaged files out "
                + "of \(directory.path) to start a new ledger deliberately.")
    }
}
