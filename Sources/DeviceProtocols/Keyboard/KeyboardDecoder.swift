import TraceModel

/// Turns Linux key events from a keyboard wedge (scanner, card reader) into the text of each read.
///
/// Source: devices.md §3a. Pure and incremental: events arrive one at a time or in batches; the result
/// never depends on how they were batched.
///
/// Rules and quirks:
/// - Only `EV_KEY` matters; `EV_SYN`, `EV_MSC` (MSC_SCAN) and other types are ignored. `EV_LED` for Caps
///   Lock sets the Caps Lock state (the device's LED, read at open with EVIOCGLED, is the starting state).
/// - Press (1) types a character; autorepeat (2) types it again, as a console would; release (0) only
///   matters for modifiers. Shift is tracked per key (left and right), Caps Lock toggles on press and
///   changes letters only: the character is the shifted one when Shift XOR (Caps Lock and a letter).
/// - Ctrl with `@`, a letter or `[ \ ] ^ _` types the control character (Ctrl+] is GS, 0x1D, the GS1
///   separator some scanners send this way), except Ctrl+J and Ctrl+M, which would split the line.
/// - A terminator key (Enter and keypad Enter by default, or e.g. Tab) ends a read. Empty reads are
///   ignored, so a stray Enter is harmless.
/// - A read containing a key the keymap lacks is dropped with a `FrameError` naming the key code when
///   its terminator arrives: a barcode missing a character must never be taken as a good one.
/// - A read longer than `maxLength` characters is dropped the same way; memory stays bounded.
public struct KeyboardDecoder: Sendable {
    /// What one event completed.
    public enum Output: Sendable, Hashable {
        /// The text of one read, without its terminator.
        case read(String)
        /// A dropped read and why.
        case error(FrameError)
    }

    /// The layout.
    public let keymap: Keymap
    /// Keys that end a read.
    public let terminatorKeys: Set<UInt16>
    /// Longest read kept, in characters.
    public let maxLength: Int
    /// Caps Lock state.
    public private(set) var capsLock: Bool
    /// Shift keys held down.
    private var shiftsDown: Set<UInt16> = []
    /// Ctrl keys held down.
    private var controlsDown: Set<UInt16> = []
    /// AltGr held down.
    private var altGrDown = false
    /// The read so far.
    private var text = ""
    /// Characters in `text` (Character count is O(n) on String).
    private var length = 0
    /// Key codes the keymap lacks, seen in this read.
    private var unknownKeys: [UInt16] = []
    /// The read passed `maxLength`.
    private var overlong = false

    /// Creates a decoder.
    ///
    /// - Parameters:
    ///   - keymap: the layout the device types in (US by default).
    ///   - terminatorKeys: key codes that end a read (Enter and keypad Enter by default).
    ///   - maxLength: longest read in characters (4096 by default).
    ///   - capsLock: Caps Lock state at start (from the device's LED).
    public init(
        keymap: Keymap = .us, terminatorKeys: Set<UInt16> = [Keymap.enterKey, Keymap.keypadEnterKey],
        maxLength: Int = 4096, capsLock: Bool = false
    ) {
        self.keymap = keymap
        self.terminatorKeys = terminatorKeys
        self.maxLength = max(1, maxLength)
        self.capsLock = capsLock
    }

    /// Characters of the read in progress (for tests that check memory stays bounded).
    public var bufferedCount: Int { length }

    /// Feeds events in order; returns the reads and errors they complete.
    public mutating func feed(_ events: some Sequence<InputEvent>) -> [Output] {
        var outputs: [Output] = []
        for event in events {
            if let output = feed(event) { outputs.append(output) }
        }
        return outputs
    }

    /// Feeds one event; returns a read or an error when it completed one.
    public mutating func feed(_ event: InputEvent) -> Output? {
        if event.type == InputEvent.led, event.code == InputEvent.capsLockLED {
            capsLock = event.value != 0
            return nil
        }
        guard event.type == InputEvent.key else { return nil }
        let code = event.code
        let pressed = event.value != 0
        if let modifier = Keymap.modifier(code) {
            switch modifier {
            case .shift: if pressed { shiftsDown.insert(code) } else { shiftsDown.remove(code) }
            case .control: if pressed { controlsDown.insert(code) } else { controlsDown.remove(code) }
            case .altGr: altGrDown = pressed
            case .capsLock: if event.value == 1 { capsLock.toggle() }
            case .alt, .ignored: break
            }
            return nil
        }
        guard pressed else { return nil }
        if terminatorKeys.contains(code) { return finishRead() }
        guard let character = character(for: code) else {
            if unknownKeys.count < 8 { unknownKeys.append(code) }
            return nil
        }
        guard length < maxLength else {
            overlong = true
            return nil
        }
        text.append(character)
        length += 1
        return nil
    }

    /// The character `code` types now, or nil when the keymap lacks it.
    private func character(for code: UInt16) -> Character? {
        guard let entry = keymap.entries[code] else { return nil }
        if altGrDown { return entry.altGr }
        let shift = !shiftsDown.isEmpty
        let upper = entry.isLetter ? shift != capsLock : shift
        let typed = upper ? entry.shifted : entry.normal
        guard !controlsDown.isEmpty else { return typed }
        // Ctrl: ASCII 0x40–0x5F (and lower-case letters) become 0x00–0x1F.
        guard let scalar = typed.unicodeScalars.first, typed.unicodeScalars.count == 1, scalar.isASCII else {
            return nil
        }
        var value = scalar.value
        if (0x61...0x7A).contains(value) { value -= 0x20 }
        guard (0x40...0x5F).contains(value), value != 0x4A, value != 0x4D else { return nil }
        return Character(Unicode.Scalar(UInt8(value - 0x40)))
    }

    /// Ends the read in progress: its text, an error, or nothing when it was empty.
    private mutating func finishRead() -> Output? {
        defer {
            text = ""
            length = 0
            unknownKeys = []
            overlong = false
        }
        if !unknownKeys.isEmpty {
            let codes = unknownKeys.map(String.init).joined(separator: ", ")
            return .error(
                FrameError(
                    reason: "keyboard read \"\(text)\" dropped: key code(s) \(codes) are not in the keymap; add them "
                        + "under keys (key code: characters) or set the device to the US layout",
                    bytes: Array(text.utf8)))
        }
        if overlong {
            return .error(
                FrameError(
                    reason: "keyboard read longer than \(maxLength) characters without a terminator key; dropped "
                        + "(check the device's suffix / terminator_key setting)",
                    bytes: Array(text.utf8)))
        }
        return text.isEmpty ? nil : .read(text)
    }
}
