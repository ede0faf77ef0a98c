import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One `tracegate` child process. Its standard output and error go to files in the test's scratch
/// directory rather than pipes: what it printed can be read at any moment, a full pipe can never
/// stall it, and everything it printed before a `kill -9` is still there afterwards.
///
/// Owners stop it on every path (`defer { child.kill() }`); all waits have deadlines.
final class ChildProcess {
    /// A short name for messages, e.g. "daemon round 3".
    let name: String
    /// The file standard output goes to.
    let standardOutputPath: String
    /// The file standard error goes to.
    let standardErrorPath: String
    private let process = Process()

    /// Starts `tracegate arguments…` (`executable`: `TraceGateBinary.toolsPath` for `tracegate-tools`); `input`
    /// (if any) is its standard input, otherwise /dev/null. `launcher` (e.g. `umockdev-run -d … --`) runs it inside
    /// another program.
    init(
        _ arguments: [String], name: String, in directory: ScratchDirectory, input: String? = nil,
        environment: [String: String] = [:], launcher: [String] = [], executable: String = TraceGateBinary.path
    ) throws {
        self.name = name
        let slug = name.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let stem = directory.file("\(String(slug))-\(UUID().uuidString.prefix(4))")
        standardOutputPath = stem + ".stdout"
        standardErrorPath = stem + ".stderr"
        for file in [standardOutputPath, standardErrorPath] {
            guard FileManager.default.createFile(atPath: file, contents: nil) else {
                throw TestFailure("cannot create \(file)")
            }
        }
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(launcher.dropFirst()) + [executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: standardOutputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: standardErrorPath))
        if let input {
            let inputPath = try directory.write("\(String(slug)).stdin", input)
            process.standardInput = FileHandle(forReadingAtPath: inputPath)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
    }

    /// Runs `tracegate arguments…` to completion (at most `timeout`) and returns what it printed.
    static func run(
        _ arguments: [String], in directory: ScratchDirectory, input: String? = nil,
        timeout: Duration = Polling.defaultTimeout, executable: String = TraceGateBinary.path
    ) async throws -> ProcessResult {
        let child = try ChildProcess(
            arguments, name: arguments.prefix(2).joined(separator: " "), in: directory, input: input,
            executable: executable)
        defer { child.kill() }
        let status = try await child.waitForExit(timeout: timeout)
        return ProcessResult(
            arguments: arguments, status: status, standardOutput: child.standardOutput,
            standardError: child.standardError)
    }

    /// Process id.
    var pid: Int32 { process.processIdentifier }

    /// Whether it has not exited yet.
    var isRunning: Bool { process.isRunning }

    /// Everything written to standard output so far.
    var standardOutput: String { (try? String(contentsOfFile: standardOutputPath, encoding: .utf8)) ?? "" }

    /// Everything written to standard error so far.
    var standardError: String { (try? String(contentsOfFile: standardErrorPath, encoding: .utf8)) ?? "" }

    /// Complete lines of standard output so far (a line still being written is left out).
    var standardOutputLines: [String] {
        var text = standardOutput
        if let lastNewline = text.lastIndex(of: "\n") {
            text = String(text[..<lastNewline])
        } else {
            return []
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The last lines of standard error, for failure messages.
    var standardErrorTail: String {
        let lines = standardError.split(separator: "\n").suffix(25)
        return "--- \(name) stderr (last \(lines.count) lines) ---\n" + lines.joined(separator: "\n")
    }

    /// Sends `signal` if the process is still running (never to a reaped, possibly reused pid).
    func send(_ signal: Int32) {
        if process.isRunning { Glibc.kill(process.processIdentifier, signal) }
    }

    /// SIGTERM: the graceful stop the daemon and the simulators handle.
    func terminate() { send(SIGTERM) }

    /// The process id (of the launcher, when there is one).
    var processIdentifier: Int32 { process.processIdentifier }

    /// SIGKILL: the crash no code can react to. Safe to call on every path, also after exit.
    func kill() { send(SIGKILL) }

    /// Waits for the exit and returns the status: the exit code, or 128 + signal like a shell.
    /// Throws (after killing it) when it is still running at the deadline.
    func waitForExit(timeout: Duration = Polling.defaultTimeout) async throws -> Int32 {
        do {
            try await Polling.until("\(name) to exit", timeout: timeout, interval: .milliseconds(20)) {
                process.isRunning ? nil : true
            }
        } catch {
            kill()
            throw TestFailure("\(error)\n\(standardErrorTail)")
        }
        process.waitUntilExit()  // returns at once: it has exited; makes the status final
        switch process.terminationReason {
        case .exit: return process.terminationStatus
        case .uncaughtSignal: return 128 + process.terminationStatus
        @unknown default: return process.terminationStatus
        }
    }
}
