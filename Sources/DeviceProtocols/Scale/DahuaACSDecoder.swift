import TraceModel

/// Decoder for `dahua-acs`: the serial weight output of Dahua 大华 ACS-A retail scales.
///
/// ⚠ Unconfirmed on hardware. Source: devices.md §1g, inferred from a POS client app
/// (szhzpos/hzyunposAndroidClient, `DhSerialScale.java`, "大华ACS-A"), not from a Dahua manual.
/// Line 9600 8N1. Frame: `CR | 5 characters | LF`; a space stands for '0', the value is in grams:
/// `0D 20 31 32 33 34 0A` ("\r 1234\n") = 1234 g.
///
/// Quirks:
/// - No status byte: no stability, net, overload or unit information. Stability is "`stableFrames`
///   identical frames in a row"; the value is always grams, so the `unit` option does not apply.
/// - Spaces stand for zeros anywhere in the field (the app replaces each one by '0'), so leading zeros
///   may come as spaces (`"  150"` = 150 g).
/// - ⚠ Negative weights are a guess: '-' is accepted as the first of the five characters only
///   (`"-0020"` = −20 g), the one place the app's number parsing would accept it.
/// - CR never occurs inside a frame, so a CR always starts a new frame: a half frame before it is
///   reported, and the next good frame is never swallowed.
public struct DahuaACSDecoder: StabilityRunDecoder {
    /// Length of a frame including CR and LF.
    static let frameLength = 7
    /// Stability by identical frames.
    var stability = StabilityTracker()
    /// Frame cutting: CR, 5 characters, LF; junk is reported 16 bytes at a time (never more than one frame
    /// plus 16 bytes of junk held).
    var scanner = StartByteFrameScanner(
        framing: FixedLengthFraming(
            start: 0x0D, startName: "CR", length: frameLength, end: 0x0A, endName: "LF",
            shortFrameHint: "; expected CR, 5 characters, LF", maxJunk: 16))
    /// `stableFrames` and `pollCommand` apply: the scale sends continuously.
    let options: DecoderOptions

    /// Creates a decoder.
    public init(options: DecoderOptions = DecoderOptions()) { self.options = options }

    /// The reading of one complete frame.
    func decode(_ frame: [UInt8]) -> [DeviceEvent] { [Self.reading(in: frame)] }

    /// Decodes one complete 7-byte frame that starts with CR; the stability run judges the reading.
    private static func reading(in frame: [UInt8]) -> DeviceEvent {
        guard frame[6] == 0x0A else {
            return .frameError(
                "frame does not end with LF after 5 characters (7th byte 0x\(ByteText.hex(frame[6])))", bytes: frame)
        }
        let field = frame[1...5]
        var grams: Int64 = 0
        var negative = false
        for (offset, character) in field.enumerated() {
            switch character {
            case 0x30...0x39: grams = grams * 10 + Int64(character - 0x30)
            case 0x20: grams *= 10
            case 0x2D where offset == 0: negative = true
            default:
                let reason = "weight \"\(ByteText.printable(field))\" is not 5 digits or spaces (a '-' only first)"
                return .frameError(reason, bytes: frame)
            }
        }
        return .weight(WeightReading(grams: negative ? -grams : grams, stable: false))
    }
}

/// The catalogue entry.
extension DahuaACSDecoder {
    /// `dahua-acs` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "dahua-acs",
        summary: "Dahua ACS-A retail scale (unconfirmed on hardware): CR, 5 characters in grams (space = 0), LF",
        kind: .scale,
        optionNames: ["stableFrames"],
        makeDecoder: { DahuaACSDecoder(options: $0) },
        makeScaleEncoder: { _, _ in .continuous(DahuaACSEncoder()) })
}
