/// What the catalogue knows about one protocol: its name, what it is for and how the line is set up.
public struct ProtocolDescriptor: Sendable, Hashable {
    /// The kind of device that speaks a protocol.
    public enum Kind: String, Sendable, Hashable {
        /// A scale or weighing indicator; its decoder produces `.weight` events.
        case scale
        /// A barcode scanner; its decoder produces `.barcode` events.
        case scanner
        /// An RFID tag or card reader; its decoder produces `.tag` events.
        case rfid
    }

    /// The name used on the command line and in configuration, e.g. `xk3190-tf0`.
    public var name: String
    /// One line for `tracegate decode --list`.
    public var summary: String
    /// Scale, scanner or RFID reader.
    public var kind: Kind
    /// Line settings the device ships with (see devices.md for each).
    public var defaultLine: SerialLineSettings
    /// Whether the gateway must write `pollCommand` to get readings.
    public var polled: Bool
    /// The request written to a polled device when the configuration gives none (nil when not polled).
    public var pollCommand: [UInt8]?

    /// Creates a descriptor.
    public init(
        name: String, summary: String, kind: Kind, defaultLine: SerialLineSettings, polled: Bool,
        pollCommand: [UInt8]? = nil
    ) {
        self.name = name
        self.summary = summary
        self.kind = kind
        self.defaultLine = defaultLine
        self.polled = polled
        self.pollCommand = pollCommand
    }
}
