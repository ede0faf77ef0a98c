/// A condition a test waited for or relied on did not hold; the description says what and shows
/// the evidence (usually the tail of a child process's standard error).
struct TestFailure: Error, CustomStringConvertible {
    /// What went wrong.
    var description: String

    /// Creates a failure.
    init(_ description: String) { self.description = description }
}
