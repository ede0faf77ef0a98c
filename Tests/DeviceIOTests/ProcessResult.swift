import Foundation

/// What a finished child process printed and how it exited.
struct ProcessResult: Sendable {
    /// Exit status (or 128 + signal).
    var status: Int32
    /// Standard output.
    var stdout: String
    /// Standard error.
    var stderr: String

    /// Standard output parsed as one JSON object per line.
    func jsonLines() throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw TestFailure("not a JSON object: \(line)")
            }
            return object
        }
    }
}

/// A test precondition that failed, with the reason.
struct TestFailure: Error, CustomStringConvertible {
    /// The reason.
    var description: String
    /// Creates a failure.
    init(_ description: String) { self.description = description }
}

/// Runs a program to completion without blocking a pool thread (output goes to files, the exit
/// arrives through the termination handler).
func runProcess(_ executable: String, _ arguments: [String]) async throws -> ProcessResult {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let outPath = directory.file("stdout")
    let errPath = directory.file("stderr")
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    process.standardInput = FileHandle.nullDevice
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
        do {
            try process.run()
        } catch {
            process.terminationHandler = nil
            continuation.resume(throwing: error)
        }
    }
    let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    return ProcessResult(status: status, stdout: stdout, stderr: stderr)
}
