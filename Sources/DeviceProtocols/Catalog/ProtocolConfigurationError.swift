/// A protocol name or decoder option that cannot be used, with a message an operator can act on.
///
/// A struct (not an enum) so new kinds of problems can be added without breaking callers.
public struct ProtocolConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The option at fault (`pattern`, `stableFrames`, `terminator`, …), or nil when the protocol name is.
    public var option: String?
    /// What is wrong and what to do, e.g. "unknown protocol 'xk3190'; valid names: …".
    public var message: String

    /// Creates an error.
    public init(option: String?, message: String) {
        self.option = option
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
