/// How a keyboard card reader types a 125 kHz EM4100 card (the `format` option of `em4100-keyboard`).
///
/// Source: devices.md §4b. Readers are set to one of these in their setup (a configuration card or a
/// DIP switch); each read is followed by Enter.
public enum KeyboardCardFormat: String, Sendable, Hashable, CaseIterable {
    /// 10-digit decimal of the last 4 bytes, as printed on the card: `0012964329`.
    case decimal10
    /// "W26": 3-digit facility code and 5-digit card number: `19753737`.
    case w26
    /// "W34": the lower 32 bits in decimal without padding: `12964329`.
    case w34
    /// The whole 40-bit number in 10 hex digits: `4500C5D1E9`.
    case hex10

    /// Parses the option; also accepts `wiegand26` and `wiegand34`.
    public init?(option: String) {
        switch option.lowercased() {
        case "decimal10", "decimal": self = .decimal10
        case "w26", "wiegand26": self = .w26
        case "w34", "wiegand34": self = .w34
        case "hex10", "hex": self = .hex10
        default: return nil
        }
    }

    /// The matching `EM4100KeyboardFormat` for the decimal forms; nil for hex10.
    public var decimalFormat: EM4100KeyboardFormat? {
        switch self {
        case .decimal10: .decimal10
        case .w26: .wiegand26
        case .w34: .wiegand34
        case .hex10: nil
        }
    }
}
