import TraceModel

/// Decoder for `iso14443-keyboard`: 13.56 MHz (MIFARE) card readers that type the card's UID as a keyboard.
///
/// Source: devices.md §4c. Input is the typed text, one UID per line (CR, LF or CR LF): from an evdev
/// device through `KeyboardWedgeDecoder`, or lines given to `tracegate decode --protocol iso14443-keyboard`.
///
/// Quirks:
/// - Readers type hex (`8B0D4F49`) or decimal (`2332905289`), with the first UID byte as the most
///   (`byteOrder=msb-first`) or least significant (`lsb-first`, common on cheap USB readers). Which one a
///   reader uses cannot be told from its output; compare with a card whose UID is known.
/// - `TagRead.id` is always the UID hex in transmission order, whatever the reader typed, so the same card
///   gives the same id on a serial module and on any correctly configured keyboard reader.
/// - Hex UIDs must be 8, 14 or 20 digits (4, 7, 10 bytes). For decimal the length is `uidLength` when set,
///   else the shortest of 4, 7, 10 bytes the number fits (set it when a decimal 7-byte UID could start with
///   zero bytes).
public struct ISO14443KeyboardDecoder: ScanningDecoder {
    /// Longest line kept (a 10-byte UID is 25 decimal digits).
    static let maxLength = 64
    /// Hex or decimal.
    public let textFormat: UIDTextFormat
    /// The reader's byte order.
    public let byteOrder: UIDByteOrder
    /// UID size in bytes for decimal text; nil: the shortest that fits.
    public let uidLength: Int?
    /// Line splitting.
    var scanner = LineAccumulator(maxLength: maxLength, skipRestOfOverlongLine: true) { _ in
        "card UID longer than \(maxLength) characters without Enter; dropped"
    }

    /// Creates a decoder.
    public init(textFormat: UIDTextFormat = .decimal, byteOrder: UIDByteOrder = .msbFirst, uidLength: Int? = nil) {
        self.textFormat = textFormat
        self.byteOrder = byteOrder
        self.uidLength = uidLength
    }

    /// The card of one typed line.
    func decode(_ line: [UInt8]) -> [DeviceEvent] { [tag(in: line)] }

    /// Decodes one typed UID.
    func tag(in line: [UInt8]) -> DeviceEvent {
        let text = String(ByteText.ascii(line).trimmingSpaces())
        do {
            let uid = try self.uid(from: text)
            return .tag(TagRead(technology: .iso14443a, id: ByteText.hex(uid)))
        } catch {
            return .frameError(
                FrameError(
                    reason: "\(error.message); check the reader's output (options uidFormat=hex|decimal, "
                        + "byteOrder=msb-first|lsb-first, uidLength=4|7|10)",
                    bytes: line))
        }
    }

    /// The UID in transmission order.
    private func uid(from text: String) throws(TagIdentifierError) -> [UInt8] {
        switch textFormat {
        case .hex:
            let utf8 = Array(text.utf8)
            guard [8, 14, 20].contains(utf8.count) else {
                throw TagIdentifierError(
                    "card UID \"\(text)\" must be 8, 14 or 20 hex digits (a 4, 7 or 10-byte UID)")
            }
            var bytes: [UInt8] = []
            for index in stride(from: 0, to: utf8.count, by: 2) {
                guard let byte = ByteText.valueOfHexPair(utf8[index], utf8[index + 1]) else {
                    throw TagIdentifierError("card UID \"\(text)\" is not hex digits")
                }
                bytes.append(byte)
            }
            return byteOrder == .msbFirst ? bytes : bytes.reversed()
        case .decimal:
            if let uidLength { return try byteOrder.uid(fromDecimal: text, length: uidLength) }
            var lastError: TagIdentifierError?
            for length in [4, 7, 10] {
                do {
                    return try byteOrder.uid(fromDecimal: text, length: length)
                } catch {
                    lastError = error
                    if !text.allSatisfy({ $0.isASCII && $0.isNumber }) || text.isEmpty { break }
                }
            }
            throw lastError ?? TagIdentifierError("card UID \"\(text)\" is not a number")
        }
    }
}

/// The catalogue entry.
extension ISO14443KeyboardDecoder {
    /// `iso14443-keyboard` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "iso14443-keyboard",
        summary:
            "13.56 MHz keyboard card reader, the typed UID: uidFormat hex|decimal, byteOrder msb-first|lsb-first",
        kind: .rfid,
        keyboardTypeable: true, optionNames: ["uidFormat", "byteOrder", "uidLength"],
        makeDecoder: {
            ISO14443KeyboardDecoder(textFormat: $0.uidFormat, byteOrder: $0.byteOrder, uidLength: $0.uidLength)
        },
        sampleFrames: { options in
            // 4-byte UIDs as a reader typing `uidFormat` in `byteOrder` types them.
            (0..<9).map { index in
                let uid = (0..<4).map { UInt8(truncatingIfNeeded: $0 * 37 + index + 1) }
                return Array((typedText(uid, options: options) + "\r\n").utf8)
            }
        })

    /// What a reader set up as `options` says types for `uid` (before its Enter key).
    static func typedText(_ uid: [UInt8], options: DecoderOptions) -> String {
        switch options.uidFormat {
        case .hex: ByteText.hex(options.byteOrder == .msbFirst ? uid : uid.reversed())
        case .decimal: options.byteOrder.decimal(of: uid)
        }
    }
}
