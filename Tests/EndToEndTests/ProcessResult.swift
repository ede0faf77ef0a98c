/// What a finished `tracegate` command printed and how it exited.
struct ProcessResult: Sendable, CustomStringConvertible {
    /// The arguments it ran with.
    var arguments: [String]
    /// Exit code, or 128 + signal.
    var status: Int32
    /// Standard output.
    var standardOutput: String
    /// Standard error.
    var standardError: String

    /// Non-empty lines of standard output.
    var outputLines: [String] { standardOutput.split(separator: "\n").map(String.init) }

    /// Non-empty lines of standard error.
    var errorLines: [String] { standardError.split(separator: "\n").map(String.init) }

    /// The command, its status and its output, for failure messages.
    var description: String {
        "tracegate \(arguments.joined(separator: " ")) → exit \(status)\n--- stdout ---\n\(standardOutput)--- stderr ---\n\(standardError)"
    }
}
