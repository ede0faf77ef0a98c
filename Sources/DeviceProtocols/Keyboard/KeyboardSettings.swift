/// How a keyboard wedge types: its layout, the key that ends a read and the longest read.
///
/// Source: devices.md §3a. Parsed from the device's `keymap`, `keys` and `terminator_key` settings.
public struct KeyboardSettings: Sendable, Hashable {
    /// The layout.
    public var keymap: Keymap
    /// Keys that end a read.
    public var terminatorKeys: Set<UInt16>
    /// Longest read in characters.
    public var maxLength: Int

    /// Creates settings: US layout, Enter and keypad Enter end a read, reads up to 4096 characters.
    public init(
        keymap: Keymap = .us, terminatorKeys: Set<UInt16> = [Keymap.enterKey, Keymap.keypadEnterKey],
        maxLength: Int = 4096
    ) {
        self.keymap = keymap
        self.terminatorKeys = terminatorKeys
        self.maxLength = maxLength
    }

    /// The terminator names `terminatorKeys(named:)` understands besides a decimal key code.
    public static let terminatorNames = ["enter", "tab"]

    /// The key codes for a `terminator_key` setting: `enter` (Enter and keypad Enter), `tab`, or a
    /// decimal key code such as `15`.
    ///
    /// - Throws: `ProtocolConfigurationError` for anything else, or for a modifier key's code.
    public static func terminatorKeys(named text: String) throws(ProtocolConfigurationError) -> Set<UInt16> {
        switch text.lowercased() {
        case "enter": return [Keymap.enterKey, Keymap.keypadEnterKey]
        case "tab": return [Keymap.tabKey]
        default:
            guard let code = UInt16(text), code > 0, code < 0x300, Keymap.modifier(code) == nil else {
                throw ProtocolConfigurationError(
                    option: "terminator_key",
                    message: "terminator key \"\(text)\" must be enter, tab or a key code (1–767, not a modifier), "
                        + "e.g. 15 for Tab")
            }
            return [code]
        }
    }

    /// Builds settings from the configuration's text: layout name, key overrides and terminator.
    ///
    /// - Throws: `ProtocolConfigurationError` naming the setting at fault.
    public init(layout: String, keys: [UInt16: String] = [:], terminator: String = "enter")
        throws(ProtocolConfigurationError)
    {
        self.init(
            keymap: try Keymap.named(layout).overriding(keys),
            terminatorKeys: try Self.terminatorKeys(named: terminator))
        for code in terminatorKeys where keys[code] != nil {
            throw ProtocolConfigurationError(
                option: "keys", message: "key code \(code) is the terminator key and cannot also type a character")
        }
    }
}
