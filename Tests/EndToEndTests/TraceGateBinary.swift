import Foundation

/// Where the executables under test are: `swift build --build-tests` puts them next to the test bundle.
/// `TRACEGATE_BINARY` and `TRACEGATE_TOOLS_BINARY` override the search (e.g. to test a release build).
enum TraceGateBinary {
    /// The daemon's (`tracegate`) absolute path.
    static let path: String = locate("tracegate", override: "TRACEGATE_BINARY")
    /// The tools' (`tracegate-tools`: simulators, reference platform, demo) absolute path.
    static let toolsPath: String = locate("tracegate-tools", override: "TRACEGATE_TOOLS_BINARY")

    /// Checks the override, the directory of the running test bundle, then `.build/debug` under the
    /// repository root found from this file's path.
    private static func locate(_ name: String, override: String) -> String {
        if let path = ProcessInfo.processInfo.environment[override] { return path }
        var candidates: [URL] = []
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        candidates.append(runner.deletingLastPathComponent().appendingPathComponent(name))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent(name))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/\(name)"))
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return (found ?? candidates.last!).path
    }
}
