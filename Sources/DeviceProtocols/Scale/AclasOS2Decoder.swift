import TraceModel

/// Decoder for `aclas-os2`: the serial weight output of ACLAS 顶尖 OS2/OS2X retail scales.
///
/// ⚠ Unconfirmed on hardware; the public evidence conflicts, so both framings are accepted. Source:
/// devices.md §1g: a POS client app (szhzpos/hzyunposAndroidClient, `DjSerialScale.java`, "顶尖ACS-OS2X")
/// and a second POS app's byte dump. Line 9600; bytes are masked to 7 bits.
/// - `STX … ETX`: status letter 'S' (stable) or 'U' (unstable), then the weight and unit; the app takes
///   the weight between the first ' ' (or '-') and the 'k': `\x02S 0.500kg\x03` (⚠ layout inferred).
/// - `SOH mode signed-weight unit CR`: `01 47 53 2B 30 2E 35 30 30 6B 67 0D` = `\x01GS+0.500kg\r`, read
///   as mode 'G' (gross; 'N' net) and 'S' (stable; 'U' unstable), +0.500 kg.
///
/// Quirks:
/// - Both framings are parsed alike: status letters, then the signed decimal weight (spaces allowed
///   before it and after the sign), then the unit (kg, g, lb, oz, 斤/jin) and nothing else.
/// - A frame with neither 'S' nor 'U' among its status letters is a frame error, never a reading: a
///   weight of unknown stability must not be sold. With both, 'U' wins.
/// - The unit comes from the frame, so the `unit` option does not apply (the simulator's encoder uses it).
/// - Bytes are masked to 7 bits (a 7E1 scale read as 8N1 delivers the parity bit).
/// - SOH and STX never occur inside a frame, so either one starts a new frame: a half frame before it is
///   reported. CR and LF between frames are ignored (a scale that ends SOH frames with CR LF is fine).
/// - No overload or underload form is known; such frames come out as frame errors.
public struct AclasOS2Decoder: ScanningDecoder, ConfiguredDecoder {
    /// SOH … CR or STX … ETX, interpreted masked to 7 bits; CR and LF between frames are skipped.
    struct Framing: StartByteFraming {
        /// Junk is reported once the longest body's worth has collected.
        var maxJunk: Int { AclasOS2Decoder.maxBodyLength }

        /// SOH or STX.
        func opensFrame(_ byte: UInt8) -> Bool {
            let masked = byte & 0x7F
            return masked == AclasOS2Decoder.soh || masked == AclasOS2Decoder.stx
        }

        /// Whole at the end byte its start byte calls for; broken by the other end byte or by no end byte
        /// within the longest body.
        func state(of frame: [UInt8]) -> StartByteFrameState {
            let start = frame[0] & 0x7F
            let masked = frame[frame.count - 1] & 0x7F
            if masked == (start == AclasOS2Decoder.soh ? 0x0D : 0x03) { return .complete }
            if masked == 0x03 || masked == 0x0D {
                return .broken(
                    "\(startName(start)) frame ended by \(endName(masked == 0x03 ? AclasOS2Decoder.stx : AclasOS2Decoder.soh)), "
                        + "expected \(endName(start))")
            }
            if frame.count > AclasOS2Decoder.maxBodyLength + 1 {
                return .broken(
                    "no \(endName(start)) within \(AclasOS2Decoder.maxBodyLength) bytes of \(startName(start))")
            }
            return .partial
        }

        /// A half frame before the next SOH or STX (named by its start byte as received).
        func cutOffReason(_ frame: [UInt8], next: UInt8) -> String {
            "incomplete frame (\(startName(frame[0] & 0x7F)) without \(endName(frame[0] & 0x7F))) cut off by the next "
                + startName(next & 0x7F)
        }

        /// Bytes before any SOH or STX.
        func junkReason(count: Int) -> String { "\(count) bytes outside a frame (no SOH or STX)" }

        /// CR and LF between frames.
        func isSeparator(_ byte: UInt8) -> Bool { byte & 0x7F == 0x0D || byte & 0x7F == 0x0A }

        /// The name of a frame's start byte.
        private func startName(_ start: UInt8) -> String { start == AclasOS2Decoder.soh ? "SOH" : "STX" }

        /// The name of the byte that ends a frame started by `start`.
        private func endName(_ start: UInt8) -> String { start == AclasOS2Decoder.soh ? "CR" : "ETX" }
    }

    /// Longest frame body kept (the example's body is 10 bytes).
    static let maxBodyLength = 32
    /// Start of a frame ended by ETX.
    static let stx: UInt8 = 0x02
    /// Start of a frame ended by CR.
    static let soh: UInt8 = 0x01
    /// Frame cutting (bytes kept as received); holds at most one frame plus 32 bytes of junk.
    var scanner = StartByteFrameScanner(framing: Framing())
    /// Only `pollCommand` applies: the scale sends continuously.
    let options: DecoderOptions

    /// Creates a decoder.
    public init(options: DecoderOptions = DecoderOptions()) { self.options = options }

    /// The reading of one complete frame.
    func decode(_ frame: [UInt8]) -> [DeviceEvent] { [Self.reading(in: frame)] }

    /// Decodes one complete frame: start byte, body, end byte.
    private static func reading(in frame: [UInt8]) -> DeviceEvent {
        let body = frame.dropFirst().dropLast().map { $0 & 0x7F }
        var index = body.startIndex
        var status: [UInt8] = []
        while index < body.endIndex, Self.isLetter(body[index]) {
            status.append(body[index])
            index += 1
        }
        let numberStart = index
        while index < body.endIndex, Self.isNumberCharacter(body[index]) { index += 1 }
        let number = ByteText.ascii(body[numberStart..<index])
        let unitText = ByteText.ascii(body[index...])
        let stable: Bool
        if status.contains(0x55) {
            stable = false
        } else if status.contains(0x53) {
            stable = true
        } else {
            return .frameError(
                "no stability letter S or U before the weight (got \"\(ByteText.printable(status))\")", bytes: frame)
        }
        guard let mantissa = FixedPoint.parse(number) else {
            return .frameError(
                "weight \"\(number)\" is not a signed decimal number (expected e.g. +0.500 or  1.250)", bytes: frame)
        }
        guard let unit = WeightUnit(wire: unitText) else {
            return .frameError(
                "unit \"\(ByteText.printable(body[index...]))\" after the weight is not kg, g, lb, oz or jin",
                bytes: frame)
        }
        let net: Bool? = status.contains(0x4E) ? true : status.contains(0x47) ? false : nil
        return .weight(
            mantissa: mantissa.mantissa, decimals: mantissa.decimals, unit: unit, stable: stable, net: net, frame: frame
        )
    }

    /// ASCII letters (status and mode letters, units).
    private static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }

    /// Characters of the weight field: digits, '.', sign and spaces.
    private static func isNumberCharacter(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || byte == 0x2E || byte == 0x2B || byte == 0x2D || byte == 0x20
    }
}

/// The catalogue entry.
extension AclasOS2Decoder {
    /// `aclas-os2` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "aclas-os2",
        summary: "ACLAS OS2/OS2X retail scale (unconfirmed on hardware): \\x01GS+0.500kg\\r or STX S 0.500kg ETX",
        kind: .scale,
        makeDecoder: { AclasOS2Decoder(options: $0) },
        makeScaleEncoder: { .continuous(AclasOS2Encoder(unit: $0.unit, decimals: $1)) })
}
