/// How a 125 kHz keyboard (HID wedge) reader types an EM4100 card, selected in the reader's setup.
///
/// Source: devices.md §4b. Each format is followed by KEY_ENTER.
public enum EM4100KeyboardFormat: String, Sendable, Hashable, CaseIterable {
    /// 10-digit decimal of the last 4 bytes, as printed on the card (`0012964329`).
    case decimal10
    /// "W26": 3-digit facility (byte 3) and 5-digit card (bytes 4–5): `19753737`.
    case wiegand26
    /// "W34": the lower 32 bits in decimal without padding (`12964329`).
    case wiegand34
}
