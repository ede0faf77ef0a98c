import TraceModel

/// Decoder for `em4100`: 125 kHz EM4100 reader modules with a serial (TTL/RS-232) output.
///
/// Source: devices.md §4b (Seeed 113020002 datasheet; EM-18). 9600 8N1. Frame: `02` + 10 ASCII hex
/// digits (the 5 ID bytes) + 2 ASCII hex digits of the XOR of those 5 bytes + `03`, e.g.
/// `02 "4500C5D1E9" "B8" 03`. The EM-18 sends the same 12 characters without STX and ETX.
///
/// Quirks:
/// - Both forms are accepted on one line. The bare EM-18 form is accepted only when CR or LF follows the
///   12 characters (as EM-18 boards with a line ending send it): without any delimiter a byte stream
///   cannot be framed (a run of `A`s is a valid read, "AAAAAAAAAA" with XOR AA); such a module needs the
///   pause between reads, which a pure decoder does not see.
/// - CR and LF between reads are skipped.
/// - Lowercase hex digits are accepted.
/// - `decimal` is the 10-digit number printed on the card (last 4 bytes), e.g. `0012964329`.
public struct EM4100SerialDecoder: ScanningDecoder, ConfiguredDecoder {
    /// STX/ETX frames and bare 12-character frames.
    struct Framing: BinaryFraming {
        /// A frame starts with STX or (EM-18) with a hex digit.
        func mayStart(_ byte: UInt8) -> Bool { byte == 0x02 || Self.isHex(byte) }
        /// 14 bytes with STX, 13 without (12 characters and CR or LF); a non-hex character among the 12
        /// makes the candidate impossible.
        func length(ofFrameStartingWith head: ArraySlice<UInt8>) -> BinaryFrameLength {
            let framed = head.first == 0x02
            let body = framed ? head.dropFirst().prefix(12) : head.prefix(12)
            guard body.allSatisfy(Self.isHex) else { return .impossible }
            return .known(framed ? 14 : 13)
        }
        /// ETX and XOR.
        func problem(in frame: [UInt8]) -> String? {
            let body = frame.first == 0x02 ? Array(frame[1...12]) : Array(frame[0..<12])
            if frame.first == 0x02, frame[13] != 0x03 {
                return "EM4100 frame does not end with ETX (last byte \(ByteText.hex(frame[13])))"
            }
            if frame.first != 0x02, frame[12] != 0x0D, frame[12] != 0x0A {
                return "12 EM4100 characters without STX are not followed by CR or LF (byte \(ByteText.hex(frame[12])))"
            }
            var id: [UInt8] = []
            for index in stride(from: 0, to: 10, by: 2) {
                id.append(ByteText.valueOfHexPair(body[index], body[index + 1])!)
            }
            return ByteText.checkMismatch(
                "XOR", sent: ByteText.valueOfHexPair(body[10], body[11])!, computed: ByteText.xor(id))
        }
        /// CR and LF between reads.
        func isSeparator(_ byte: UInt8) -> Bool { byte == 0x0D || byte == 0x0A }
        /// An ASCII hex digit.
        static func isHex(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
        }
    }

    /// Frame cutting and checks.
    var scanner = BinaryFrameScanner(framing: Framing())
    /// Only `pollCommand` applies: modules send by themselves.
    let options: DecoderOptions

    /// Creates a decoder.
    public init(options: DecoderOptions = DecoderOptions()) { self.options = options }

    /// The card of a checked frame (either form).
    func decode(_ frame: [UInt8]) -> [DeviceEvent] {
        let body = frame.first == 0x02 ? Array(frame[1...10]) : Array(frame[0..<10])
        let hex = ByteText.ascii(body).uppercased()
        guard let number = try? EM4100Number(hex: hex) else {
            return [.frameError("EM4100 id \(hex) is not 10 hex digits", bytes: frame)]
        }
        return [.tag(TagRead(technology: .em4100, id: number.hex, decimal: number.cardNumber))]
    }
}

/// The catalogue entry.
extension EM4100SerialDecoder {
    /// `em4100` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "em4100",
        summary: "125 kHz EM4100 serial module: STX, 10 hex digits, XOR, ETX (EM-18: without, ended by CR/LF)",
        kind: .rfid,
        makeDecoder: { EM4100SerialDecoder(options: $0) },
        tagEncoder: .continuous(em4100: EM4100SerialEncoder().encode))
}
