import TraceModel

/// Decoder for `xk3190-tf0`: the Yaohua XK3190 continuous 12-byte frame (tF=0 / "format 0").
///
/// Source: devices.md §1a (XK3190-A9+, DS1, A23P and A26 manuals).
/// Frame: `02 | '+'/'-' | 6 digits, high first | decimal places '0'–'4' | XOR hi | XOR lo | 03`;
/// the XOR covers sign..decimal places and is sent as two uppercase ASCII hex characters.
///
/// Quirks:
/// - No status byte: no stability, overload or unit information. Stability is "`stableFrames`
///   identical frames in a row"; the unit comes from the options (default kg).
/// - STX never occurs inside a frame (all payload is printable ASCII), so an STX always starts a new
///   frame: a half frame before it is reported, and the next good frame is never swallowed.
/// - Lowercase checksum digits are accepted (the manuals say uppercase, but some clones differ).
public struct XK3190ContinuousDecoder: StabilityRunDecoder {
    /// Length of a frame including STX and ETX.
    static let frameLength = 12
    /// Stability by identical frames.
    var stability = StabilityTracker()
    /// Frame cutting: STX … ETX, 12 bytes (never more than one frame held).
    var scanner = StartByteFrameScanner(
        framing: FixedLengthFraming(
            start: 0x02, startName: "STX", length: frameLength, end: 0x03, endName: "ETX", maxJunk: frameLength))
    /// `unit` (of the displayed value), `stableFrames` and `pollCommand` apply.
    let options: DecoderOptions

    /// Creates a decoder.
    public init(options: DecoderOptions = DecoderOptions()) { self.options = options }

    /// The reading of one complete frame.
    func decode(_ frame: [UInt8]) -> [DeviceEvent] { [reading(in: frame)] }

    /// Decodes one complete 12-byte frame that starts with STX; the stability run judges the reading.
    private func reading(in frame: [UInt8]) -> DeviceEvent {
        guard frame[11] == 0x03 else {
            return .frameError("frame does not end with ETX (last byte 0x\(ByteText.hex(frame[11])))", bytes: frame)
        }
        let sign = frame[1]
        guard sign == 0x2B || sign == 0x2D else {
            return .frameError("sign byte is 0x\(ByteText.hex(sign)), expected '+' or '-'", bytes: frame)
        }
        let digits = frame[2...7]
        guard digits.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return .frameError("weight digits \"\(ByteText.printable(digits))\" are not all 0–9", bytes: frame)
        }
        guard (0x30...0x34).contains(frame[8]) else {
            return .frameError("decimal places byte 0x\(ByteText.hex(frame[8])) is not '0'–'4'", bytes: frame)
        }
        if let problem = ByteText.asciiXORProblem(covering: frame[1...8], sent: frame[9...10]) {
            return .frameError(problem, bytes: frame)
        }
        var mantissa: Int64 = 0
        for digit in digits { mantissa = mantissa * 10 + Int64(digit - 0x30) }
        if sign == 0x2D { mantissa = -mantissa }
        return .weight(mantissa: mantissa, decimals: Int(frame[8] - 0x30), unit: options.unit, frame: frame)
    }
}

/// The catalogue entry.
extension XK3190ContinuousDecoder {
    /// `xk3190-tf0` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "xk3190-tf0",
        summary: "Yaohua XK3190 continuous 12-byte frame (tF=0): STX ±6 digits, decimals, XOR, ETX",
        kind: .scale,
        optionNames: ["stableFrames", "unit"],
        makeDecoder: { XK3190ContinuousDecoder(options: $0) },
        makeScaleEncoder: { .continuous(XK3190ContinuousEncoder(unit: $0.unit, decimals: $1)) })
}
