import TraceModel

/// A 125 kHz EM4100 card number (40 bits: a version/customer byte and 4 data bytes) and the forms
/// keyboard readers type it in.
///
/// Source: devices.md §4b (Seeed 113020002 datasheet; devium/argentum `convert-card.ts`). Example:
/// `4500C5D1E9` is printed on the card as `0012964329` (decimal of the last 4 bytes), typed by a "W26"
/// reader as `19753737` (facility 197 = byte 3, card 53737 = bytes 4–5) and by a "W34" reader as the
/// lower 32 bits, `12964329`.
public struct EM4100Number: Sendable, Hashable, CustomStringConvertible {
    /// The 5 bytes, version byte first.
    public var bytes: [UInt8]

    /// Creates a number from 5 bytes.
    ///
    /// - Throws: `TagIdentifierError` when there are not exactly 5 bytes.
    public init(bytes: [UInt8]) throws(TagIdentifierError) {
        guard bytes.count == 5 else {
            throw TagIdentifierError(
                "an EM4100 number is 5 bytes (10 hex digits), got \(bytes.count): \(ByteText.hex(bytes))")
        }
        self.bytes = bytes
    }

    /// Parses 10 hex digits (either case), e.g. `4500C5D1E9`.
    ///
    /// - Throws: `TagIdentifierError` when the text is not 10 hex digits.
    public init(hex: String) throws(TagIdentifierError) {
        let utf8 = Array(hex.utf8)
        var parsed: [UInt8] = []
        if utf8.count == 10 {
            for index in stride(from: 0, to: 10, by: 2) {
                guard let byte = ByteText.valueOfHexPair(utf8[index], utf8[index + 1]) else { break }
                parsed.append(byte)
            }
        }
        guard parsed.count == 5 else {
            throw TagIdentifierError("EM4100 number \"\(hex)\" must be 10 hex digits, e.g. 4500C5D1E9")
        }
        self.bytes = parsed
    }

    /// The 10 uppercase hex digits, the form stored in `TagRead.id`.
    public var hex: String { ByteText.hex(bytes) }

    /// The lower 32 bits (bytes 2–5).
    public var lower32: UInt32 { bytes[1...].reduce(0) { $0 << 8 | UInt32($1) } }

    /// The 10-digit decimal printed on the card, e.g. `0012964329`.
    public var cardNumber: String { Self.padded(UInt64(lower32), digits: 10) }

    /// Wiegand-26 facility code (byte 3) and card number (bytes 4–5), e.g. 197 and 53737.
    public var wiegand26: (facility: Int, card: Int) { (Int(bytes[2]), Int(bytes[3]) << 8 | Int(bytes[4])) }

    /// What a keyboard reader set to `format` types (before its Enter key).
    public func typed(as format: EM4100KeyboardFormat) -> String {
        switch format {
        case .decimal10: cardNumber
        case .wiegand26:
            Self.padded(UInt64(wiegand26.facility), digits: 3) + Self.padded(UInt64(wiegand26.card), digits: 5)
        case .wiegand34: String(lower32)
        }
    }

    /// The bytes a keyboard reader's text gives: the lower 4 bytes for decimal10 and W34, the lower 3 for W26.
    /// The version byte (and for W26 byte 2) never reaches a keyboard reader, so a full number cannot be rebuilt.
    ///
    /// - Throws: `TagIdentifierError` when the text is not the format's digits or is out of range.
    public static func lowBytes(typed text: String, format: EM4100KeyboardFormat) throws(TagIdentifierError) -> [UInt8]
    {
        let digits = text.trimmingSpaces()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw TagIdentifierError("keyboard card number \"\(text)\" must be digits (\(format.rawValue))")
        }
        switch format {
        case .decimal10, .wiegand34:
            guard digits.count <= 10, let value = UInt64(digits), value <= UInt64(UInt32.max) else {
                throw TagIdentifierError(
                    "keyboard card number \"\(text)\" (\(format.rawValue)) must be at most 4294967295")
            }
            return (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * (3 - $0))) }
        case .wiegand26:
            guard digits.count == 8, let facility = Int(digits.prefix(3)), let card = Int(digits.suffix(5)),
                facility <= 255, card <= 65535
            else {
                throw TagIdentifierError(
                    "keyboard card number \"\(text)\" (wiegand26) must be 8 digits: facility 000–255 then card "
                        + "00000–65535, e.g. 19753737")
            }
            return [UInt8(facility), UInt8(card >> 8), UInt8(card & 0xFF)]
        }
    }

    /// The 10 hex digits.
    public var description: String { hex }

    /// `value` in decimal with leading zeros to `digits`.
    static func padded(_ value: UInt64, digits: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
