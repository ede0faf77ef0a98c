/// A benchmark could not run; says what to do about it.
struct BenchError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    let description: String

    /// Creates the error.
    init(_ description: String) { self.description = description }
}
