import ArgumentParser
import DeviceProtocols

/// How a keyboard-wedge scanner or card reader types: `--keys` and `--terminator-key` of `devices input` and
/// `simulate keyboard`, so that the reader and its simulator are set up with the same words.
public struct KeyboardLayoutFlags: ParsableArguments {
    /// The defaults: the US layout, reads ended by Enter.
    public init() {}

    @Option(help: "Key overrides for another layout, CODE=CHARS,… (e.g. 21=zZ,44=yY).")
    public var keys: String?

    @Option(help: "Key ending each read: enter, tab or a key code.")
    public var terminatorKey: String = "enter"

    /// The US layout with the --keys overrides and the --terminator-key.
    public func settings() throws(ProtocolConfigurationError) -> KeyboardSettings {
        try KeyboardSettings(
            layout: "us", keys: try keys.map(Keymap.overrides(table:)) ?? [:], terminator: terminatorKey)
    }
}
