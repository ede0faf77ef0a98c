import TraceModel

/// Decoder for `xk3190-reversed`: the Yaohua XK3190 "=" continuous format (A26 "format 1", A23P "format 2").
///
/// Source: devices.md §1a. Frame (9 bytes): `=`, then 8 characters. Reversed (option `reversed`, default):
/// 7 characters of the displayed value including '.', lowest digit first, then '0' or '-' for the sign
/// (`=000.3000` = 3.000, `=00.1000-` = −1.00). Not reversed, the same 8 characters read high first:
/// sign, then the value (`=0003.000`, `=-0001.00`).
///
/// Quirks:
/// - No terminator other than the next '=', but the length is fixed, so a frame is decoded as soon as
///   its 9th byte arrives; a '=' earlier cuts the frame short and is reported.
/// - No checksum, no status, no unit: stability is `stableFrames` identical frames; unit from options.
/// - The value may have no decimal point (integer display).
public struct XK3190ReversedDecoder: StabilityRunDecoder {
    /// Length of a frame including '='.
    static let frameLength = 9
    /// Stability by identical frames.
    var stability = StabilityTracker()
    /// Frame cutting: '=' and 8 characters.
    var scanner = StartByteFrameScanner(
        framing: FixedLengthFraming(start: 0x3D, startName: "'='", length: frameLength, maxJunk: frameLength))
    /// `reversed` (lowest digit first), `unit` (of the displayed value), `stableFrames` and `pollCommand` apply.
    let options: DecoderOptions

    /// Creates a decoder.
    public init(options: DecoderOptions = DecoderOptions()) { self.options = options }

    /// The reading of one complete frame.
    func decode(_ frame: [UInt8]) -> [DeviceEvent] { [reading(in: frame)] }

    /// Decodes a complete 9-byte frame; the stability run judges the reading.
    private func reading(in frame: [UInt8]) -> DeviceEvent {
        let body = options.reversed ? Array(frame[1...].reversed()) : Array(frame[1...])
        let signByte = body[0]
        let valueBytes = body[1...]
        guard signByte == 0x30 || signByte == 0x2D || signByte == 0x2B || signByte == 0x20 else {
            return .frameError("sign character 0x\(ByteText.hex(signByte)) is not '0' or '-'", bytes: frame)
        }
        guard valueBytes.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x2E }),
            let (magnitude, decimals) = FixedPoint.parse(ByteText.ascii(valueBytes))
        else {
            return .frameError("value \"\(ByteText.printable(valueBytes))\" is not a decimal number", bytes: frame)
        }
        let mantissa = signByte == 0x2D ? -magnitude : magnitude
        return .weight(mantissa: mantissa, decimals: decimals, unit: options.unit, frame: frame)
    }
}

/// The catalogue entry.
extension XK3190ReversedDecoder {
    /// `xk3190-reversed` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "xk3190-reversed",
        summary: "Yaohua XK3190 \"=\" 9-byte format, value lowest digit first (option reversed=false: high first)",
        kind: .scale,
        optionNames: ["stableFrames", "unit", "reversed"],
        makeDecoder: { XK3190ReversedDecoder(options: $0) },
        makeScaleEncoder: { .continuous(XK3190ReversedEncoder(unit: $0.unit, decimals: $1, reversed: $0.reversed)) })
}
