/// Waiting for a condition that another process makes true, with a deadline instead of a fixed sleep.
enum Polling {
    /// The longest any single wait may take; a healthy run needs a small fraction of it.
    static let defaultTimeout = Duration.seconds(60)

    /// Evaluates `condition` every `interval` until it returns a value, and returns that value.
    /// Throws a `TestFailure` naming `what` (plus `evidence()`, e.g. a log tail) at the deadline.
    @discardableResult
    static func until<T>(
        _ what: String, timeout: Duration = defaultTimeout, interval: Duration = .milliseconds(50),
        evidence: () -> String = { "" }, _ condition: () async throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let value = try await condition() { return value }
            if ContinuousClock.now >= deadline {
                let detail = evidence()
                throw TestFailure(
                    "timed out after \(timeout) waiting for \(what)\(detail.isEmpty ? "" : "\n\(detail)")")
            }
            try await Task.sleep(for: interval)
        }
    }
}
