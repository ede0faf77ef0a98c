import ArgumentParser
import Foundation

/// `--directory` of every benchmark that keeps files (ledgers, configuration, a platform database).
struct ScratchDirectoryOption: ParsableArguments {
    @Option(
        help:
            "Keep the benchmark's files (ledgers, configuration) in this directory (default: a temporary one, removed)."
    )
    var directory: String?
}

/// Where a benchmark puts its files: the directory the user gave (kept), or a new temporary one
/// (removed afterwards, so repeated runs do not fill the disk).
struct BenchDirectory {
    /// The directory.
    let path: String
    /// Whether this run created it and should remove it.
    let isTemporary: Bool

    /// Uses `given` (created if missing) or creates `$TMPDIR/<prefix>-<pid>`.
    init(given: String?, prefix: String) throws {
        if let given {
            path = given
            isTemporary = false
        } else {
            path =
                FileManager.default.temporaryDirectory.appendingPathComponent(
                    "\(prefix)-\(ProcessInfo.processInfo.processIdentifier)"
                ).path
            isTemporary = true
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw BenchError("cannot create the benchmark directory \(path): \(error); give a writable --directory")
        }
    }

    /// A new ledger file in the directory, `<name>-<8 hex digits>.db`, so that no run reuses another's.
    func newLedgerPath(_ name: String) -> String { "\(path)/\(name)-\(UUID().uuidString.prefix(8)).db" }

    /// Removes the directory if this run created it.
    func removeIfTemporary() {
        if isTemporary { try? FileManager.default.removeItem(atPath: path) }
    }
}
