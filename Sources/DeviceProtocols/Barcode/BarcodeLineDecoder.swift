import TraceModel

/// Decoder for `barcode-line`: scanners on a serial port or in USB CDC-ACM ("USB COM") mode.
///
/// Source: devices.md §3c (CDC-ACM, suffix per scan) and §3d (AIM identifiers, ISO/IEC 15424; FNC1 → GS).
///
/// Decisions and quirks:
/// - With `terminator` cr, lf or crlf, any of CR, LF or CR LF ends a scan: scanners are often set to
///   a different one than configured, and barcode data never contains CR or LF. The option still
///   decides what the encoder (simulator) sends. With `suffix:<text>` only that suffix ends a scan,
///   and CR/LF around the data are trimmed.
/// - An AIM identifier (`]` + letter + modifier character, e.g. `]E0`, `]C1`, `]d2`, `]Q3`) at the start
///   is split off into `symbology`. An identifier with no data after it is a frame error.
/// - GS (0x1D) and other control bytes inside the data are kept (GS1 element strings need GS).
/// - Empty lines are ignored. A line over 4096 bytes is dropped up to the next terminator and reported,
///   so a truncated tail is never mistaken for a scan.
/// - Data that is not valid UTF-8 is a frame error (with the bytes), never a mangled barcode.
public struct BarcodeLineDecoder: ScanningDecoder, ConfiguredDecoder {
    /// Longest scan accepted.
    static let maxLength = 4096
    /// Line splitting.
    var scanner: LineAccumulator
    /// `terminator` and `pollCommand` apply: scanners send by themselves unless it gives a command.
    let options: DecoderOptions

    /// Creates a decoder; throws when the `terminator` option is not understood.
    public init(options: DecoderOptions = DecoderOptions()) throws(ProtocolConfigurationError) {
        let terminator = try BarcodeTerminator(option: options.terminator)
        let rule: LineAccumulator.Terminator =
            switch terminator {
            case .cr, .lf, .crlf: .crOrLF
            case .suffix(let bytes): .suffix(bytes)
            }
        self.scanner = LineAccumulator(maxLength: Self.maxLength, terminator: rule, skipRestOfOverlongLine: true) {
            _ in
            "scan longer than \(Self.maxLength) bytes without terminator; dropped (check the scanner's suffix setting)"
        }
        self.options = options
    }

    /// The scan of one line.
    func decode(_ line: [UInt8]) -> [DeviceEvent] { [Self.scan(in: line)] }

    /// Decodes one scan without its terminator.
    static func scan(in line: [UInt8]) -> DeviceEvent {
        var symbology: String?
        var data = line[...]
        if line.count >= 3, line[0] == 0x5D, isLetter(line[1]), line[2] > 0x20, line[2] < 0x7F {
            symbology = ByteText.ascii(line[0..<3])
            data = line[3...]
        }
        guard !data.isEmpty else {
            return .frameError(FrameError(reason: "scan has a symbology identifier but no data", bytes: line))
        }
        guard let text = ByteText.validUTF8(data) else {
            return .frameError(
                FrameError(
                    reason: "scan is not valid UTF-8; check the scanner's code page / keyboard country setting",
                    bytes: line))
        }
        return .barcode(BarcodeRead(data: text, symbology: symbology))
    }

    /// ASCII letters, the code characters of AIM identifiers.
    private static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
}

/// The catalogue entry.
extension BarcodeLineDecoder {
    /// `barcode-line` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "barcode-line",
        summary: "Serial or USB CDC barcode scanner: one scan per line, optional AIM identifier (]E0, ]C1 …)",
        kind: .scanner,
        keyboardTypeable: true, optionNames: ["terminator"],
        makeDecoder: { options throws(ProtocolConfigurationError) in try BarcodeLineDecoder(options: options) },
        sampleFrames: { options in
            let encoder = BarcodeLineEncoder(terminator: (try? BarcodeTerminator(option: options.terminator)) ?? .cr)
            return [
                BarcodeRead(data: "33010200100010000027"), BarcodeRead(data: "6901234567892", symbology: "]E0"),
                BarcodeRead(data: "011231231231233310ABC123\u{1D}99TESTING", symbology: "]d2"),
                BarcodeRead(data: "00123"), BarcodeRead(data: "TESTING", symbology: "]Q1"),
            ].map(encoder.encode)
        })
}
