import TraceModel

/// The whole decoding chain of a keyboard-wedge device read through evdev: raw `struct input_event`
/// records → key events → the text of each read (`KeyboardDecoder`) → the device's line protocol
/// (`barcode-line`, `em4100-keyboard`, `iso14443-keyboard`), which turns each read into a scan or a tag.
///
/// Source: devices.md §3a. The transport reads whole records in practice, but a partial record is kept
/// until the rest arrives, so any chunking gives the same events. Each read is handed to the line protocol
/// followed by CR, so the line protocol sees exactly what `tracegate decode` would for the typed text.
public struct KeyboardWedgeDecoder: FrameDecoder {
    /// The record layout (24 bytes on 64-bit).
    public let layout: InputEventLayout
    /// Keys → text.
    private var keyboard: KeyboardDecoder
    /// Text → events.
    private var lines: any FrameDecoder
    /// Bytes of a record not complete yet.
    private var partial: [UInt8] = []

    /// Creates the chain.
    ///
    /// - Parameters:
    ///   - settings: layout, terminator keys, longest read.
    ///   - capsLock: the Caps Lock state when the device was opened (EVIOCGLED).
    ///   - lineDecoder: the line protocol's decoder, expecting CR-terminated lines.
    ///   - layout: the record layout; `.native` for the running machine.
    public init(
        settings: KeyboardSettings, capsLock: Bool = false, lineDecoder: any FrameDecoder,
        layout: InputEventLayout = .native
    ) {
        self.layout = layout
        self.keyboard = KeyboardDecoder(
            keymap: settings.keymap, terminatorKeys: settings.terminatorKeys, maxLength: settings.maxLength,
            capsLock: capsLock)
        self.lines = lineDecoder
    }

    /// The Caps Lock state the decoder currently assumes.
    public var capsLock: Bool { keyboard.capsLock }

    /// Bytes and characters held between calls.
    public var bufferedCount: Int { partial.count + keyboard.bufferedCount + lines.bufferedCount }

    /// Feeds raw record bytes; returns the events they complete.
    public mutating func feed(_ bytes: [UInt8]) -> [DeviceEvent] {
        partial += bytes
        let whole = partial.count / layout.recordSize * layout.recordSize
        guard whole > 0 else { return [] }
        var events: [InputEvent] = []
        for start in stride(from: 0, to: whole, by: layout.recordSize) {
            events.append(layout.event(in: partial[start..<start + layout.recordSize]))
        }
        partial.removeFirst(whole)
        return feed(events: events)
    }

    /// Feeds key events (already parsed); returns the events they complete.
    public mutating func feed(events: some Sequence<InputEvent>) -> [DeviceEvent] {
        var result: [DeviceEvent] = []
        for output in keyboard.feed(events) {
            switch output {
            case .read(let text): result += lines.feed(Array(text.utf8) + [0x0D])
            case .error(let error): result.append(.frameError(error))
            }
        }
        return result
    }
}
