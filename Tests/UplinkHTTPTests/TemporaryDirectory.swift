import Foundation

/// A fresh directory under /tmp for one test's files, removed by `remove()`.
struct TemporaryDirectory: Sendable {
    /// Its path.
    let path: String

    /// Creates it.
    init() throws {
        path = NSTemporaryDirectory() + "uplinkhttp-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` with `mode` and returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let file = path + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return file
    }

    /// Deletes it.
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
