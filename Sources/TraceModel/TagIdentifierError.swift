/// A tag or animal identification number that is not valid, with a message that says which number
/// and what is wrong (e.g. "ear tag 13706810000123: must be 15 digits, got 14").
///
/// A struct (not an enum) so new kinds of problems can be added without breaking callers.
public struct TagIdentifierError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what to check.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
