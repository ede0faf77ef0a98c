/// Which character each Linux key code types, unshifted and shifted: the keyboard layout a wedge
/// scanner or card reader is set to.
///
/// Source: devices.md §3a (kernel `input-event-codes.h`; Odoo translates through the XKB layout). The
/// gateway runs headless, without X11 or XKB, so the layout is this table: US by default, changed key by
/// key with `overriding(_:)` for the layout a device is set to (German QWERTZ swaps Y and Z, French AZERTY
/// types digits with Shift). The keypad types the same with or without Shift, as with Num Lock on.
public struct Keymap: Sendable, Hashable {
    /// What one key types.
    public struct Entry: Sendable, Hashable {
        /// Without Shift.
        public var normal: Character
        /// With Shift.
        public var shifted: Character
        /// With AltGr (right Alt), for layouts that need a third level; nil: AltGr types nothing.
        public var altGr: Character?

        /// Creates an entry.
        public init(normal: Character, shifted: Character, altGr: Character? = nil) {
            self.normal = normal
            self.shifted = shifted
            self.altGr = altGr
        }

        /// Whether Caps Lock changes the key: only letters (Caps Lock leaves digits and punctuation alone).
        public var isLetter: Bool { normal.isLetter && normal != shifted }

        /// Parses the configuration form: 1 to 3 characters, normal, shifted, AltGr. One letter stands for
        /// itself and its upper case; any other single character types the same with Shift.
        public init?(text: String) {
            let characters = Array(text)
            guard (1...3).contains(characters.count) else { return nil }
            normal = characters[0]
            if characters.count >= 2 {
                shifted = characters[1]
            } else {
                // "ß".uppercased() is "SS": a letter without a one-character capital types itself.
                let upper = characters[0].uppercased()
                shifted = upper.count == 1 ? Character(upper) : characters[0]
            }
            altGr = characters.count == 3 ? characters[2] : nil
        }
    }

    /// Key codes of keys that change state but type nothing.
    public enum Modifier: Sendable, Hashable {
        /// KEY_LEFTSHIFT 42, KEY_RIGHTSHIFT 54.
        case shift
        /// KEY_LEFTCTRL 29, KEY_RIGHTCTRL 97.
        case control
        /// KEY_LEFTALT 56.
        case alt
        /// KEY_RIGHTALT 100 (AltGr).
        case altGr
        /// KEY_CAPSLOCK 58 (toggles on press).
        case capsLock
        /// Num Lock 69, Scroll Lock 70, the Meta keys 125/126: ignored.
        case ignored
    }

    /// KEY_ENTER.
    public static let enterKey: UInt16 = 28
    /// KEY_KPENTER.
    public static let keypadEnterKey: UInt16 = 96
    /// KEY_TAB.
    public static let tabKey: UInt16 = 15

    /// Entries by key code.
    public private(set) var entries: [UInt16: Entry]

    /// Creates a keymap from entries.
    public init(entries: [UInt16: Entry]) {
        self.entries = entries
    }

    /// The US layout (the default of nearly every scanner and card reader).
    public static let us: Keymap = {
        var entries: [UInt16: Entry] = [:]
        func row(_ first: UInt16, _ normal: String, _ shifted: String) {
            for (offset, pair) in zip(normal, shifted).enumerated() {
                entries[first + UInt16(offset)] = Entry(normal: pair.0, shifted: pair.1)
            }
        }
        row(2, "1234567890-=", "!@#$%^&*()_+")
        row(16, "qwertyuiop[]", "QWERTYUIOP{}")
        row(30, "asdfghjkl;'`", "ASDFGHJKL:\"~")
        row(43, "\\zxcvbnm,./", "|ZXCVBNM<>?")
        entries[57] = Entry(normal: " ", shifted: " ")
        entries[55] = Entry(normal: "*", shifted: "*")
        // Keypad with Num Lock on: KP7 KP8 KP9 KP- KP4 KP5 KP6 KP+ KP1 KP2 KP3 KP0 KP.
        row(71, "789-456+1230.", "789-456+1230.")
        entries[98] = Entry(normal: "/", shifted: "/")
        entries[117] = Entry(normal: "=", shifted: "=")
        entries[121] = Entry(normal: ",", shifted: ",")
        return Keymap(entries: entries)
    }()

    /// The modifier a key code is, if any.
    public static func modifier(_ code: UInt16) -> Modifier? {
        switch code {
        case 42, 54: .shift
        case 29, 97: .control
        case 56: .alt
        case 100: .altGr
        case 58: .capsLock
        case 69, 70, 125, 126: .ignored
        default: nil
        }
    }

    /// The named layouts `named(_:)` knows.
    public static let layoutNames = ["us"]

    /// A named base layout.
    ///
    /// - Throws: `ProtocolConfigurationError` for a name other than those in `layoutNames`.
    public static func named(_ name: String) throws(ProtocolConfigurationError) -> Keymap {
        guard name.lowercased() == "us" else {
            throw ProtocolConfigurationError(
                option: "keymap",
                message: "unknown keyboard layout '\(name)'; the built-in layout is us, change keys with "
                    + "keys (key code: characters), see docs/keyboard-devices.md")
        }
        return .us
    }

    /// This keymap with some keys changed; the values use `Entry(text:)`'s form, e.g. `[21: "zZ", 44: "yY"]`.
    ///
    /// - Throws: `ProtocolConfigurationError` naming the key code whose text is not 1–3 characters.
    public func overriding(_ keys: [UInt16: String]) throws(ProtocolConfigurationError) -> Keymap {
        var copy = self
        for (code, text) in keys.sorted(by: { $0.key < $1.key }) {
            guard let entry = Entry(text: text) else {
                throw ProtocolConfigurationError(
                    option: "keys",
                    message: "key code \(code): \"\(text)\" must be 1–3 characters: normal, shifted, AltGr "
                        + "(e.g. \"zZ\")")
            }
            guard Self.modifier(code) == nil else {
                throw ProtocolConfigurationError(
                    option: "keys",
                    message: "key code \(code) is a modifier (Shift, Ctrl, Alt, Caps Lock) and "
                        + "cannot type a character")
            }
            copy.entries[code] = entry
        }
        return copy
    }

    /// Parses the inline table form `21=zZ,44=yY` (key code `=` characters, comma separated) used on the
    /// command line.
    ///
    /// - Throws: `ProtocolConfigurationError` for an item that is not `code=characters`.
    public static func overrides(table: String) throws(ProtocolConfigurationError) -> [UInt16: String] {
        var result: [UInt16: String] = [:]
        for item in table.split(separator: ",", omittingEmptySubsequences: true) {
            guard let equals = item.firstIndex(of: "="), let code = UInt16(item[..<equals]) else {
                throw ProtocolConfigurationError(
                    option: "keys", message: "keymap item \"\(item)\" must be written CODE=CHARS, e.g. 21=zZ")
            }
            result[code] = String(item[item.index(after: equals)...])
        }
        return result
    }

    /// The key code and whether Shift is needed to type `character` (for simulators); nil if no key types it.
    public func keystroke(for character: Character) -> (code: UInt16, shift: Bool)? {
        // Prefer the main block over the keypad, and lower codes first, so the result is stable.
        for code in entries.keys.sorted() where !(71...83).contains(code) && code != 55 {
            let entry = entries[code]!
            if entry.normal == character { return (code, false) }
            if entry.shifted == character { return (code, true) }
        }
        for code in entries.keys.sorted() {
            let entry = entries[code]!
            if entry.normal == character { return (code, false) }
        }
        return nil
    }
}
