import TraceModel

/// Decoder for `and`: A&D indicators and balances (AD-4329A, AD-4404, EK-L) in stream or print mode.
///
/// Source: devices.md §1e (AD-4329A manual p45–46, AD-4404 and EK-L examples).
/// Line: `header1,header2,data unit\r\n`, e.g. `ST,GS,+0001.234  kg`, `ST,NT,+0012.34kg`; EK-L balances
/// omit header 2: `ST,+001234.5  g`.
///
/// Decisions and quirks:
/// - Header 1: `ST` stable, `US` unstable, `OL` overload (with a '-' sign: underload); `QT` (count mode)
///   is reported as a frame error because a count is not a weight.
/// - Header 2: `GS` → net = false, `NT` → net = true. `TR`/`PT` carry the stored tare value, not a load
///   on the platter, so they are reported as frame errors (never as a weight that could be sold).
///   No header 2 → net = nil.
/// - On overload the digits may be spaces (`OL,GS,+    .   kg`) or nines (`OL,+999999.9`); either way
///   the reading is 0 g with `overload` set.
/// - Spaces may pad the value and the unit; the unit field may be empty (then the configured unit), attached to the
///   number (`+0012.34kg`), in any case (`KG`, `Kg`) and followed by spaces.
/// - Header 2 may come without the comma after it, followed by spaces (`ST,GS  +0001.234 kg`).
/// - Lines end in CR LF; a line with junk in front is resynchronised at the next `ST,`/`US,`/`OL,`/`QT,`.
public struct AndIndicatorDecoder: ScanningDecoder, ConfiguredDecoder {
    /// 7E1 lines read as 8N1 keep the parity bit; the protocol is pure ASCII.
    static var clearsParityBit: Bool { true }
    /// Line splitting.
    var scanner = LineAccumulator(maxLength: 64) { "\($0) bytes without CR LF" }
    /// `unit` (used when the line carries none) and `pollCommand` apply: stream mode unless it gives a command
    /// (e.g. `Q\r\n` for command mode).
    let options: DecoderOptions

    /// Creates a decoder.
    public init(options: DecoderOptions = DecoderOptions()) { self.options = options }

    /// The reading of one line, with any junk in front of its frame reported apart.
    func decode(_ line: [UInt8]) -> [DeviceEvent] {
        LineOutcome.resynchronising(
            line, startsFrame: { [0x53, 0x55, 0x4F, 0x51].contains($0) },
            parse: { Self.parse($0, defaultUnit: options.unit) })
    }

    /// Parses one line without CR LF.
    static func parse(_ line: ArraySlice<UInt8>, defaultUnit: WeightUnit) -> LineOutcome {
        let text = ByteText.ascii(line)
        let fields = Self.fields(text)
        guard fields.count == 2 || fields.count == 3 else {
            return .invalid("not an A&D line (expected \"ST,GS,+0001.234 kg\"): \"\(ByteText.printable(line))\"")
        }
        let header1 = fields[0]
        guard ["ST", "US", "OL", "QT"].contains(header1) else {
            return .invalid("unknown header \"\(header1)\" (expected ST, US or OL)")
        }
        var net: Bool?
        if fields.count == 3 {
            switch fields[1] {
            case "GS": net = false
            case "NT": net = true
            case "TR", "PT":
                return .event(
                    .frameError(
                        FrameError(
                            reason: "tare value report (\(fields[1])) is not a load; set the indicator to output "
                                + "gross or net weight", bytes: line)))
            default: return .invalid("unknown header \"\(fields[1])\" (expected GS, NT, TR or PT)")
            }
        }
        if header1 == "QT" {
            return .event(
                .frameError(
                    FrameError(
                        reason: "count report (QT) is not a weight; switch the balance out of counting mode",
                        bytes: line)))
        }
        let data = fields[fields.count - 1]
        let unitStart = data.firstIndex(where: { !"+- .0123456789".contains($0) }) ?? data.endIndex
        let valueText = data[..<unitStart]
        let unitText = data[unitStart...].trimmingSpaces()
        guard let unit = unitText.isEmpty ? defaultUnit : WeightUnit(wire: unitText) else {
            return .invalid("unknown unit \"\(unitText)\"")
        }
        if header1 == "OL" {
            let under = valueText.trimmingSpaces().hasPrefix("-")
            return .event(.weight(WeightReading(grams: 0, stable: false, net: net, overload: !under, underload: under)))
        }
        guard let grams = unit.grams(decimalText: valueText) else {
            return .invalid("weight \"\(valueText)\" is not a decimal number")
        }
        return .event(.weight(WeightReading(grams: grams, stable: header1 == "ST", net: net)))
    }
}

extension AndIndicatorDecoder {
    /// The line's comma-separated fields, with header 2 cut off the data when an indicator sends it without the
    /// comma after it (`ST,GS  +0001.234 kg`, seen on field units though the manuals always show `ST,GS,`).
    static func fields(_ text: String) -> [Substring] {
        var fields = text.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 2, let header2 = ["GS", "NT", "TR", "PT"].first(where: { fields[1].hasPrefix($0) })
        else { return fields }
        let rest = fields[1].dropFirst(header2.count)
        // Only when spaces or the sign follow the header: "GSX…" is not a header.
        guard let next = rest.first, next == " " || next == "+" || next == "-" else { return fields }
        fields[1] = fields[1].prefix(header2.count)
        fields.append(rest)
        return fields
    }
}

/// The catalogue entry.
extension AndIndicatorDecoder {
    /// `and` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "and",
        summary: "A&D indicators and balances: \"ST,GS,+0001.234 kg\\r\\n\" (ST/US/OL, GS/NT)",
        kind: .scale, defaultLine: SerialLineSettings(baud: 2400, dataBits: 7, parity: .even),
        optionNames: ["unit"],
        makeDecoder: { AndIndicatorDecoder(options: $0) },
        makeScaleEncoder: { .continuous(AndIndicatorEncoder(unit: $0.unit, decimals: $1)) })
}
