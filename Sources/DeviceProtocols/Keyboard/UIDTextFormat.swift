/// How a keyboard MIFARE reader types a card UID (the `uidFormat` option of `iso14443-keyboard`).
///
/// Source: devices.md §4c: keyboard readers print the UID in decimal (most) or hex, in a byte order that
/// depends on the vendor (`UIDByteOrder`).
public enum UIDTextFormat: String, Sendable, Hashable, CaseIterable {
    /// Hex digits, two per byte: `8B0D4F49`.
    case hex
    /// A decimal number: `2332905289` (msb-first) or `1229917579` (lsb-first) for the UID above.
    case decimal
}
