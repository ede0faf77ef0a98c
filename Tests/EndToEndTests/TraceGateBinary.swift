import Foundation

/// Where the `tracegate` executable under test is: `swift build --build-tests` puts it next to the
/// test bundle. `TRACEGATE_BINARY` overrides the search (e.g. to test a release build).
enum TraceGateBinary {
    /// The executable's absolute path.
    static let path: String = locate()

    /// Checks the override, the directory of the running test bundle, then `.build/debug` under the
    /// repository root found from this file's path.
    private static func locate() -> String {
        if let override = ProcessInfo.processInfo.environment["TRACEGATE_BINARY"] { return override }
        var candidates: [URL] = []
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        candidates.append(runner.deletingLastPathComponent().appendingPathComponent("tracegate"))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("tracegate"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/tracegate"))
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return (found ?? candidates.last!).path
    }
}
