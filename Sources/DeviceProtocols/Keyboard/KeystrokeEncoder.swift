/// Turns text into the key events a keyboard wedge sends for it (the inverse of `KeyboardDecoder`), for
/// simulators and tests.
///
/// Source: devices.md §3a ("6901234567892⏎" is key-downs 7,10,11,2,3,4,5,6,7,8,9,10,3,28). Like real
/// scanners it sends, per character, MSC_SCAN-free press and release events each followed by SYN_REPORT,
/// with Left Shift around shifted characters, then the terminator key.
public struct KeystrokeEncoder: Sendable {
    /// The layout to type in.
    public let keymap: Keymap
    /// The key that ends each read.
    public let terminatorKey: UInt16
    /// Caps Lock is on at the receiving end: letters are typed with Shift inverted.
    public let capsLock: Bool

    /// Creates an encoder.
    public init(keymap: Keymap = .us, terminatorKey: UInt16 = Keymap.enterKey, capsLock: Bool = false) {
        self.keymap = keymap
        self.terminatorKey = terminatorKey
        self.capsLock = capsLock
    }

    /// A character the keymap cannot type.
    public struct UntypableCharacter: Error, Sendable, Hashable, CustomStringConvertible {
        /// The character.
        public var character: Character
        /// What to do.
        public var description: String {
            "the keymap has no key for \"\(character.unicodeScalars.map { "U+\(String($0.value, radix: 16))" }.joined())\"; "
                + "keyboard wedges type only what their layout has"
        }
    }

    /// The events for typing `text` and pressing the terminator key.
    ///
    /// - Throws: `UntypableCharacter` for a character no key types.
    public func events(typing text: String) throws(UntypableCharacter) -> [InputEvent] {
        var events: [InputEvent] = []
        for character in text {
            guard let stroke = keymap.keystroke(for: character) else {
                throw UntypableCharacter(character: character)
            }
            let code = stroke.code
            var shift = stroke.shift
            if capsLock, keymap.entries[code]?.isLetter == true { shift.toggle() }
            if shift { events += [.press(42), .report] }
            events += [.press(code), .report, .release(code), .report]
            if shift { events += [.release(42), .report] }
        }
        events += [.press(terminatorKey), .report, .release(terminatorKey), .report]
        return events
    }
}
