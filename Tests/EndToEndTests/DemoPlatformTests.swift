import Foundation
import Testing

extension TraceGateProcessTests {
    /// `tracegate-tools demo` with its in-process reference platform: every trade arrives upstream.
    @Suite("Demo with the reference platform")
    struct DemoPlatformTests {
        /// `demo --trades 5` ends with the platform holding every trade the ledger holds (at least 5).
        @Test("demo --trades 5 delivers its trades to the in-process platform")
        func demoDeliversToThePlatform() async throws {
            let directory = try ScratchDirectory("demo-platform")
            defer { directory.remove() }
            let result = try await ChildProcess.run(
                ["demo", "--trades", "5", "--data-directory", directory.path, "--json"], in: directory,
                timeout: .seconds(120), executable: TraceGateBinary.toolsPath)
            #expect(result.status == 0, "\(result)")
            #expect(result.standardError.contains("reference platform at http://127.0.0.1:"), "\(result)")
            let held = try Self.number(after: "the platform holds ", in: result.standardError)
            let recorded = try Self.number(
                after: "tracegate-tools demo: ", in: result.standardError, suffix: " trade(s) in")
            #expect(held >= 5, "\(result)")
            #expect(held == recorded, "every trade in the ledger must be at the platform\n\(result)")
            #expect(FileManager.default.fileExists(atPath: directory.file("platform.sqlite")))
        }

        /// The number right after `marker` (on a line that also contains `suffix`).
        static func number(after marker: String, in text: String, suffix: String = "") throws -> Int {
            for line in text.split(separator: "\n")
            where line.contains(marker) && (suffix.isEmpty || line.contains(suffix)) {
                let rest = line[line.range(of: marker)!.upperBound...]
                if let value = Int(rest.prefix { $0.isNumber }) { return value }
            }
            throw TestFailure("no '\(marker)…\(suffix)' line in:\n\(text)")
        }
    }
}
