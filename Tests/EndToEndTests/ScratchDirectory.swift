import Foundation

/// A fresh directory under the system temporary directory for one test's files: configuration,
/// ledger, simulator links and the output of every child process (kept there so a failing test's
/// logs can be read while it runs).
struct ScratchDirectory: Sendable {
    /// Absolute path of the directory.
    let path: String

    /// Creates a uniquely named directory; `label` makes it recognisable in `ls /tmp`.
    init(_ label: String) throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("tracegate-e2e-\(label)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the directory.
    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let target = file(name)
        try text.write(toFile: target, atomically: true, encoding: .utf8)
        return target
    }

    /// Removes the directory and everything in it; unless `TRACEGATE_E2E_KEEP` is set, for debugging.
    func remove() {
        if ProcessInfo.processInfo.environment["TRACEGATE_E2E_KEEP"] != nil { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
