import TraceModel

/// Decoder for `fdx-b-ascii`: 134.2 kHz animal-tag readers that print each read as a text line.
///
/// Source: devices.md §4a (Allflex panel readers, AFX-100 manual p19; Priority 1 Design RFIDRW-E).
/// Lines (CR, LF or CR LF):
/// - Allflex: `LA 982 000001088420` — "LA", 3-digit country or manufacturer code, 12-digit national id;
/// - TIRIS-S2000 style: `LA 00000 0 982 000001088420` — reserved field and data-block flag first;
/// - underscore variants: `999_000000001008` (RFIDRW-E), also accepted with "LA";
/// - 15 digits without separator (`982000001088420`), as keyboard-style readers send.
///
/// Quirks:
/// - The text forms carry no animal flag, so `TagRead.animal` is nil; `id` is always `982 000001088420`.
/// - Junk glued to the front of an `LA` line is reported separately and the line is kept; lines without
///   `LA` are not resynchronised (a digit inside a number must never start a new code: `LA 1024 …` would
///   otherwise read as country 024).
public struct FDXBAsciiDecoder: ScanningDecoder, ConfiguredDecoder {
    /// Line splitting (the longest form is 27 characters).
    var scanner = LineAccumulator(maxLength: 64) { "\($0) bytes without CR or LF" }
    /// Only `pollCommand` applies: readers print by themselves.
    let options: DecoderOptions

    /// Creates a decoder.
    public init(options: DecoderOptions = DecoderOptions()) { self.options = options }

    /// The read of one line, with junk in front of an `LA` line reported apart.
    func decode(_ line: [UInt8]) -> [DeviceEvent] {
        LineOutcome.resynchronising(line, startsFrame: { $0 == 0x4C }, parse: Self.parse)
    }

    /// Parses one line without its terminator.
    static func parse(_ line: ArraySlice<UInt8>) -> LineOutcome {
        let invalid = LineOutcome.invalid(
            "not an FDX-B line (expected \"LA 982 000001088420\" or \"982_000001088420\"): "
                + "\"\(ByteText.printable(line))\"")
        var text = Substring(ByteText.ascii(line)).trimmingSpaces()
        if text.hasPrefix("LA") { text = text.dropFirst(2) }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "_" })
        guard fields.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return invalid }
        let countryText: Substring
        let nationalText: Substring
        switch fields.map(\.count) {
        case [15]:
            countryText = fields[0].prefix(3)
            nationalText = fields[0].suffix(12)
        case [3, 12]:
            (countryText, nationalText) = (fields[0], fields[1])
        case [5, 1, 3, 12] where fields[1] == "0" || fields[1] == "1":
            (countryText, nationalText) = (fields[2], fields[3])
        default:
            return invalid
        }
        guard let country = Int(countryText), let national = Int64(nationalText),
            let code = try? ISO11784Code(country: country, nationalID: national)
        else {
            return .invalid(
                "FDX-B code \(countryText) \(nationalText) does not fit ISO 11784 (country ≤ 1023, national id "
                    + "≤ \(ISO11784Code.maxNationalID))")
        }
        return .event(
            .tag(TagRead(technology: .fdxB, id: code.display, country: code.country, nationalID: code.nationalID)))
    }
}

/// The catalogue entry.
extension FDXBAsciiDecoder {
    /// `fdx-b-ascii` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "fdx-b-ascii",
        summary: "134.2 kHz FDX-B animal-tag reader text lines: \"LA 982 000001088420\", TIRIS, 982_…",
        kind: .rfid,
        makeDecoder: { FDXBAsciiDecoder(options: $0) },
        tagEncoder: .continuous(fdxb: FDXBAsciiEncoder().encode))
}
