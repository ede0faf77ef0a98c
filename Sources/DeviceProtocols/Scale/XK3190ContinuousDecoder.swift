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
public struct XK3190ContinuousDecoder: FrameDecoder {
    /// Length of a frame including STX and ETX.
    static let frameLength = 12
    /// Unit of the displayed value.
    let unit: WeightUnit
    /// Stability by identical frames.
    private var stability: StabilityTracker
    /// Frame cutting: STX … ETX, 12 bytes.
    private var scanner = StartByteFrameScanner(
        framing: FixedLengthFraming(
            start: 0x02, startName: "STX", length: frameLength, end: 0x03, endName: "ETX", maxJunk: frameLength))
    /// The request written periodically; nil because the indicator sends continuously.
    public let pollCommand: [UInt8]?

    /// Creates a decoder.
    public init(options: DecoderOptions = DecoderOptions()) {
        self.unit = options.unit
        self.stability = StabilityTracker(requiredFrames: options.stableFrames)
        self.pollCommand = options.pollCommand
    }

    /// Bytes currently held between calls (never more than one frame).
    public var bufferedCount: Int { scanner.bufferedCount }

    /// Feeds bytes; returns the readings and errors they complete.
    public mutating func feed(_ bytes: [UInt8]) -> [DeviceEvent] {
        let events = scanner.frames(from: bytes).events { [decode($0)] }
        return stability.judge(events)
    }

    /// Decodes one complete 12-byte frame that starts with STX; the stability run judges the reading.
    private func decode(_ frame: [UInt8]) -> DeviceEvent {
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
        let computed = ByteText.xor(frame[1...8])
        guard let sent = ByteText.valueOfHexPair(frame[9], frame[10]) else {
            return .frameError("XOR bytes \"\(ByteText.printable(frame[9...10]))\" are not hex digits", bytes: frame)
        }
        guard sent == computed else {
            return .frameError(
                "XOR mismatch: frame says \(ByteText.hex(sent)), computed \(ByteText.hex(computed))", bytes: frame)
        }
        var mantissa: Int64 = 0
        for digit in digits { mantissa = mantissa * 10 + Int64(digit - 0x30) }
        if sign == 0x2D { mantissa = -mantissa }
        guard let grams = unit.grams(mantissa: mantissa, decimals: Int(frame[8] - 0x30)) else {
            return .frameError("weight out of range", bytes: frame)
        }
        return .weight(WeightReading(grams: grams, stable: false))
    }
}

/// The catalogue entry.
extension XK3190ContinuousDecoder {
    /// `xk3190-tf0` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "xk3190-tf0",
        summary: "Yaohua XK3190 continuous 12-byte frame (tF=0): STX ±6 digits, decimals, XOR, ETX",
        kind: .scale, defaultLine: SerialLineSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1),
        polled: false, optionNames: ["stableFrames", "unit"],
        makeDecoder: { XK3190ContinuousDecoder(options: $0) },
        makeScaleEncoder: { .continuous(XK3190ContinuousEncoder(unit: $0.unit, decimals: $1)) })
}
