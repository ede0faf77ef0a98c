import Foundation

/// Writes a line to standard error.
public func printError(_ text: String) {
    try? FileHandle.standardError.write(contentsOf: Data((text + "\n").utf8))
}

/// Writes to standard output in one write. A reader that went away (a closed pipe) loses the output but
/// never kills the process: `tracegate` ignores SIGPIPE and write errors here are dropped.
public func writeOutput(_ data: Data) {
    try? FileHandle.standardOutput.write(contentsOf: data)
}
