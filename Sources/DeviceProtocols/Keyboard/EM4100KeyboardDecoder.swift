import TraceModel

/// Decoder for `em4100-keyboard`: 125 kHz EM4100 card readers that type the card number as a keyboard.
///
/// Source: devices.md §4b (devium/argentum `convert-card.ts` for W26). Input is the typed text, one card
/// per line (CR, LF or CR LF): from an evdev device through `KeyboardWedgeDecoder`, or typed lines given
/// to `tracegate decode --protocol em4100-keyboard --option format=w26`.
///
/// Quirks:
/// - A keyboard reader never types the version byte (W26 not even byte 2), so `TagRead.id` holds the hex
///   of the bytes it does reveal: 8 hex digits for decimal10 and W34 (`00C5D1E9`), 6 for W26 (`C5D1E9`),
///   the full 10 only for hex10. The same card read by a serial module (`4500C5D1E9`) therefore has a
///   different id: give one station's card readers one format.
/// - `decimal` holds the 10-digit number printed on the card for decimal10, W34 and hex10.
/// - Spaces around the number are ignored; anything else than the format's digits is a frame error.
public struct EM4100KeyboardDecoder: ScanningDecoder {
    /// Longest line kept (a card number is at most 10 characters).
    static let maxLength = 64
    /// The format the reader is set to.
    public let format: KeyboardCardFormat
    /// Line splitting.
    var scanner = LineAccumulator(maxLength: maxLength, skipRestOfOverlongLine: true) { _ in
        "card number longer than \(maxLength) characters without Enter; dropped"
    }

    /// Creates a decoder for readers typing `format`.
    public init(format: KeyboardCardFormat = .decimal10) {
        self.format = format
    }

    /// The card of one typed line.
    func decode(_ line: [UInt8]) -> [DeviceEvent] { [tag(in: line)] }

    /// Decodes one typed card number.
    func tag(in line: [UInt8]) -> DeviceEvent {
        let text = ByteText.ascii(line)
        do {
            if let decimalFormat = format.decimalFormat {
                let bytes = try EM4100Number.lowBytes(typed: text, format: decimalFormat)
                let decimal =
                    format == .w26 ? nil : EM4100Number.padded(bytes.reduce(0) { $0 << 8 | UInt64($1) }, digits: 10)
                return .tag(TagRead(technology: .em4100, id: ByteText.hex(bytes), decimal: decimal))
            }
            let number = try EM4100Number(hex: String(text.trimmingSpaces()))
            return .tag(TagRead(technology: .em4100, id: number.hex, decimal: number.cardNumber))
        } catch {
            return .frameError(
                FrameError(
                    reason: "\(error.message); check the reader's output format (option format: "
                        + "\(KeyboardCardFormat.allCases.map(\.rawValue).joined(separator: ", ")))",
                    bytes: line))
        }
    }
}

/// The catalogue entry.
extension EM4100KeyboardDecoder {
    /// `em4100-keyboard` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "em4100-keyboard",
        summary: "125 kHz keyboard card reader, the typed text: format decimal10 (0012964329), w26, w34 or hex10",
        kind: .rfid,
        keyboardTypeable: true, optionNames: ["format"],
        makeDecoder: { EM4100KeyboardDecoder(format: $0.cardFormat) },
        sampleFrames: { options in
            // The lines a reader set to `format` types for a few cards.
            (0..<9).compactMap { index in
                (try? EM4100Number(bytes: [0x45, 0x00, 0xC5, UInt8(index * 29), UInt8(0xE9 - index)]))
                    .map { Array((typedText($0, format: options.cardFormat) + "\n").utf8) }
            }
        })

    /// What a reader set to `format` types for `number` (before its Enter key).
    static func typedText(_ number: EM4100Number, format: KeyboardCardFormat) -> String {
        format.decimalFormat.map { number.typed(as: $0) } ?? number.hex
    }
}
