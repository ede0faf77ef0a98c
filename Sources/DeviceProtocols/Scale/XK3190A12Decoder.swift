import TraceModel

/// Decoder for `xk3190-a12`: the Yaohua XK3190-A12/A12E 15-byte continuous frame.
///
/// Source: devices.md §1a (easymanua.ls yaohua xk3190-a12e p13).
/// Frame: `'W' | 'G'/'N' | 7 chars incl. '.' | 'k' 'g' | XOR hi | XOR lo | CR LF`, XOR over the first 11
/// bytes as two ASCII hex characters: `WG004.139kg3D\r\n` = 4.139 kg gross.
///
/// Quirks:
/// - Overload is 9 spaces + `OL` + XOR (`23`), under −20d is 9 spaces + `LO23`; both are reported as
///   readings with `overload`/`underload` set and 0 g.
/// - The first weight character is '-' when negative; a space stands in for a missing decimal point.
/// - ⚠ Another firmware sends lowercase `ww000.000lb`, `wn-0000.1kg`, `wt000.000kg` (w gross, n net,
///   t tare) without a documented checksum; accepted with or without two trailing hex XOR characters.
///   `wt` (the tare value, not a load) is reported as a frame error.
/// - No status byte: stability is `stableFrames` identical frames.
public struct XK3190A12Decoder: StabilityRunDecoder {
    /// Stability by identical frames.
    var stability = StabilityTracker()
    /// Line splitting (frames end in CR LF).
    var scanner = LineAccumulator(maxLength: 32) { "\($0) bytes without CR LF" }
    /// `stableFrames` and `pollCommand` apply: the indicator sends continuously.
    let options: DecoderOptions

    /// Creates a decoder.
    public init(options: DecoderOptions = DecoderOptions()) { self.options = options }

    /// The reading of one line, with any junk in front of its frame reported apart.
    func decode(_ line: [UInt8]) -> [DeviceEvent] {
        LineOutcome.resynchronising(line, startsFrame: { $0 == 0x57 || $0 == 0x77 || $0 == 0x20 }, parse: Self.parse)
    }

    /// Parses one line without its CR LF.
    static func parse(_ line: ArraySlice<UInt8>) -> LineOutcome {
        let bytes = Array(line)
        if bytes.count == 13, bytes.prefix(9).allSatisfy({ $0 == 0x20 }) {
            return parseRangeFrame(bytes)
        }
        guard let first = bytes.first else { return .invalid("empty frame") }
        if first == 0x57, bytes.count == 13 { return parseUppercase(bytes) }
        if first == 0x77, bytes.count == 11 || bytes.count == 13 { return parseLowercase(bytes) }
        return .invalid("not an A12 frame (expected 15 bytes \"WG…kgXX\\r\\n\"): \"\(ByteText.printable(bytes))\"")
    }

    /// The overload (`OL`) and under-range (`LO`) frames.
    private static func parseRangeFrame(_ bytes: [UInt8]) -> LineOutcome {
        if let failure = checksumFailure(bytes) { return failure }
        switch (bytes[9], bytes[10]) {
        case (0x4F, 0x4C): return .event(.weight(WeightReading(grams: 0, stable: false, overload: true)))
        case (0x4C, 0x4F): return .event(.weight(WeightReading(grams: 0, stable: false, underload: true)))
        default: return .invalid("unknown status \"\(ByteText.printable(bytes[9...10]))\" (expected OL or LO)")
        }
    }

    /// `WG004.139kg3D`.
    private static func parseUppercase(_ bytes: [UInt8]) -> LineOutcome {
        if let failure = checksumFailure(bytes) { return failure }
        let net: Bool
        switch bytes[1] {
        case 0x47: net = false
        case 0x4E: net = true
        default: return .invalid("gross/net byte 0x\(ByteText.hex(bytes[1])) is not 'G' or 'N'")
        }
        return reading(value: bytes[2...8], unit: bytes[9...10], net: net)
    }

    /// `ww000.000lb`, `wn-0000.1kg`, optionally followed by an XOR.
    private static func parseLowercase(_ bytes: [UInt8]) -> LineOutcome {
        if bytes.count == 13, let failure = checksumFailure(bytes) { return failure }
        let net: Bool
        switch bytes[1] {
        case 0x77, 0x67: net = false
        case 0x6E: net = true
        case 0x74:
            return .invalid("tare value frame (wt) is not a load; set the indicator to send gross or net weight")
        default: return .invalid("gross/net byte 0x\(ByteText.hex(bytes[1])) is not 'w', 'n' or 't'")
        }
        return reading(value: bytes[2...8], unit: bytes[9...10], net: net)
    }

    /// Builds the reading from the 7 weight characters and the 2 unit characters.
    private static func reading(value: ArraySlice<UInt8>, unit: ArraySlice<UInt8>, net: Bool) -> LineOutcome {
        // A space replaces the decimal point on integer displays; drop it rather than fail.
        let text = ByteText.ascii(value.filter { $0 != 0x20 })
        guard let wireUnit = WeightUnit(wire: ByteText.ascii(unit)) else {
            return .invalid("unknown unit \"\(ByteText.printable(unit))\"")
        }
        guard let grams = wireUnit.grams(decimalText: text) else {
            return .invalid("weight \"\(ByteText.printable(value))\" is not a decimal number")
        }
        return .event(.weight(WeightReading(grams: grams, stable: false, net: net)))
    }

    /// Checks the XOR of bytes 1–11 against the two hex characters that follow.
    private static func checksumFailure(_ bytes: [UInt8]) -> LineOutcome? {
        ByteText.asciiXORProblem(covering: bytes[0..<11], sent: bytes[11...12]).map { .invalid($0) }
    }
}

/// The catalogue entry.
extension XK3190A12Decoder {
    /// `xk3190-a12` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "xk3190-a12",
        summary: "Yaohua XK3190-A12/A12E 15-byte frame \"WG004.139kg3D\\r\\n\" with OL/LO frames",
        kind: .scale,
        optionNames: ["stableFrames"],
        makeDecoder: { XK3190A12Decoder(options: $0) },
        makeScaleEncoder: { .continuous(XK3190A12Encoder(unit: $0.unit, decimals: $1)) })
}
