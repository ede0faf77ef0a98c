import TraceModel

/// Decoder for `iso14443-serial`: 13.56 MHz (MIFARE) reader modules that send each card's UID in a frame.
///
/// Source: devices.md §4c (vendor framing, ⚠ unverified beyond one example). Frame:
/// `02 | len | type | UID | BCC | 03`, where `len` counts the whole frame (STX to ETX) and BCC is the XOR
/// from `len` through the UID. Example `02 0A 02 06 00 8E 6D 5D B0 03`.
///
/// Quirks:
/// - ISO 14443A UIDs are 4, 7 or 10 bytes, but the documented example carries 5 bytes after the type
///   (`06 00 8E 6D 5D`): whether a vendor puts an extra byte there is unknown, so any 4–10 bytes are
///   reported whole, in transmission order, as uppercase hex.
/// - The type byte (card type) is not reported.
/// - STX (02) also occurs inside UIDs: a failed frame gives up only its bytes before the next STX.
public struct ISO14443SerialDecoder: ScanningDecoder, ConfiguredDecoder {
    /// The module's framing.
    struct Framing: BinaryFraming {
        /// Frames start with STX.
        func mayStart(_ byte: UInt8) -> Bool { byte == 0x02 }
        /// The length byte counts the whole frame: 5 framing bytes plus a 4–10 byte UID.
        func length(ofFrameStartingWith head: ArraySlice<UInt8>) -> BinaryFrameLength {
            .fromLengthByte(at: 1, of: head) { (9...15).contains($0) ? $0 : nil }
        }
        /// ETX and BCC.
        func problem(in frame: [UInt8]) -> String? {
            guard frame.last == 0x03 else {
                return "card frame does not end with ETX (last byte \(ByteText.hex(frame[frame.count - 1])))"
            }
            return ByteText.checkMismatch(
                "BCC", sent: frame[frame.count - 2], computed: ByteText.xor(frame[1..<(frame.count - 2)]))
        }
    }

    /// Frame cutting and checks.
    var scanner = BinaryFrameScanner(framing: Framing())
    /// Only `pollCommand` applies: modules send by themselves.
    let options: DecoderOptions

    /// Creates a decoder.
    public init(options: DecoderOptions = DecoderOptions()) { self.options = options }

    /// The UID of a checked frame, in transmission order.
    func decode(_ frame: [UInt8]) -> [DeviceEvent] {
        [.tag(TagRead(technology: .iso14443a, id: ByteText.hex(frame[3..<(frame.count - 2)])))]
    }
}

/// The catalogue entry.
extension ISO14443SerialDecoder {
    /// `iso14443-serial` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "iso14443-serial",
        summary: "13.56 MHz MIFARE UID module: STX len type UID BCC ETX (4–10 byte UIDs)",
        kind: .rfid,
        makeDecoder: { ISO14443SerialDecoder(options: $0) },
        tagEncoder: .continuous(uid: ISO14443SerialEncoder().encode(uid:)))
}
