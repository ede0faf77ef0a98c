/// An event the hash implementation cannot canonicalise (a field outside the subset TraceGate emits).
public struct EPCISHashError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is unsupported.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
