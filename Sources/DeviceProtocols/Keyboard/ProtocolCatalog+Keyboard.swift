/// Keyboard-wedge devices: which line protocols can sit behind an evdev keyboard, and the decoder chain.
extension ProtocolCatalog {
    /// Protocols a keyboard-wedge device (evdev) can speak: the text it types is decoded by these.
    /// (Those whose descriptor says `keyboardTypeable`.)
    public static let keyboardProtocols = all.filter(\.keyboardTypeable).map(\.name)

    /// The decoder for a keyboard-wedge device: input events → typed reads → `name`'s line decoder.
    ///
    /// - Parameters:
    ///   - name: one of `keyboardProtocols`.
    ///   - options: the line protocol's options (`terminator` is ignored: the terminator key ends a read).
    ///   - keyboard: layout, terminator key, longest read.
    ///   - capsLock: Caps Lock state at open (EVIOCGLED).
    ///   - layout: the `struct input_event` layout.
    /// - Throws: `ProtocolConfigurationError` for a protocol that cannot be typed or bad options.
    public static func makeKeyboardDecoder(
        named name: String, options: DecoderOptions = DecoderOptions(), keyboard: KeyboardSettings = KeyboardSettings(),
        capsLock: Bool = false, layout: InputEventLayout = .native
    ) throws(ProtocolConfigurationError) -> KeyboardWedgeDecoder {
        guard keyboardProtocols.contains(name) else {
            throw ProtocolConfigurationError(
                option: nil,
                message: "protocol '\(name)' cannot be read from a keyboard (evdev) device; use one of "
                    + keyboardProtocols.joined(separator: ", "))
        }
        var lineOptions = options
        lineOptions.terminator = "cr"
        let lines = try makeDecoder(named: name, options: lineOptions)
        return KeyboardWedgeDecoder(settings: keyboard, capsLock: capsLock, lineDecoder: lines, layout: layout)
    }
}
