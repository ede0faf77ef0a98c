/// One problem in a configuration file, located precisely enough for a technician to fix it.
public struct ConfigurationIssue: Sendable, Hashable, CustomStringConvertible {
    /// The file, as given on the command line.
    public var file: String
    /// 1-based line number, when known.
    public var line: Int?
    /// The key's path, e.g. `stations[0].trigger`.
    public var key: String
    /// What is wrong and what is allowed.
    public var message: String

    /// Creates an issue.
    public init(file: String, line: Int?, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `FILE:LINE: KEY: MESSAGE`, the form editors and `grep -n` users recognise.
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(location): \(message)" : "\(location): \(key): \(message)"
    }
}

/// A configuration file that cannot be used; lists every issue found, not just the first.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// Every issue, in file order.
    public var issues: [ConfigurationIssue]

    /// Creates the error.
    public init(issues: [ConfigurationIssue]) { self.issues = issues }

    /// One issue per line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
