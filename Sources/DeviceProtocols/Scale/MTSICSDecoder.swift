import TraceModel

/// Decoder for `mt-sics`: Mettler-Toledo Standard Interface Command Set responses.
///
/// Source: devices.md §1c (InstrumentKit mt_sics.py; Mettler AT balances operating instructions p87).
/// Responses are `<command> <status> [value unit]\r\n`, e.g. `S S      100.00 g`, `S D      100.02 g`.
///
/// Decisions and quirks:
/// - Poll command: `SI\r\n` by default (immediate weight with the S/D stability flag, so the display
///   stays live while the load settles); `S` would wait for stability and answer `S I` on timeout.
///   The option `pollCommand` overrides it.
/// - Fields are split on whitespace because the weight field width differs between models; a unit glued to the
///   number (`S S 100.00g`, seen on some firmware) is split off it. Units are read in any case (`G`, `KG`).
/// - `S S`/`SI S` → stable; `S D`/`SI D` → unstable; `S +` overload, `S -` underload (0 g).
/// - `S I` (not executable now, e.g. while taring) → frame error "scale busy (S I)"; `S L` → logical
///   error; `ES`/`ET`/`EL` → frame errors naming the cause.
/// - Answers to other commands (`Z A`, `T S …`, `@`, `I0`–`I4`, …) are ignored.
public struct MTSICSDecoder: ScanningDecoder, ConfiguredDecoder {
    /// Polled with `SI\r\n` unless `pollCommand` gives another.
    static var defaultPollCommand: [UInt8]? { Array("SI\r\n".utf8) }
    /// Line splitting.
    var scanner = LineAccumulator(maxLength: 96) { "\($0) bytes without CR LF" }
    /// Only `pollCommand` applies.
    let options: DecoderOptions

    /// Creates a decoder.
    public init(options: DecoderOptions = DecoderOptions()) { self.options = options }

    /// The events of one response line, with any junk in front of it reported apart.
    func decode(_ line: [UInt8]) -> [DeviceEvent] {
        LineOutcome.resynchronising(line, startsFrame: { (0x41...0x5A).contains($0) || $0 == 0x40 }, parse: Self.parse)
    }

    /// Commands whose answers carry nothing for the gateway.
    static let ignoredCommands: Set<Substring> = [
        "Z", "ZI", "T", "TI", "TA", "TAC", "@", "I0", "I1", "I2", "I3", "I4", "D", "DW", "K", "M", "SIR",
    ]

    /// Parses one response line.
    static func parse(_ line: ArraySlice<UInt8>) -> LineOutcome {
        guard line.allSatisfy({ $0 >= 0x20 && $0 < 0x7F || $0 == 0x09 }) else {
            return .invalid("not an MT-SICS response (non-ASCII bytes): \"\(ByteText.printable(line))\"")
        }
        let tokens = Self.separatingUnit(ByteText.ascii(line).split(whereSeparator: { $0 == " " || $0 == "\t" }))
        guard let command = tokens.first else { return .invalid("empty response") }
        func error(_ reason: String) -> LineOutcome { .event(.frameError(FrameError(reason: reason, bytes: line))) }
        switch command {
        case "ES" where tokens.count == 1:
            return error("scale reports a syntax error (ES): it did not recognise the command; check pollCommand")
        case "ET" where tokens.count == 1:
            return error("scale reports a transmission error (ET); check baud rate, parity and cabling")
        case "EL" where tokens.count == 1:
            return error("scale reports a logical error (EL): the command cannot be executed")
        case "S", "SI":
            break
        default:
            if ignoredCommands.contains(command), tokens.count >= 2 { return .ignored }
            return .invalid("not an MT-SICS response: \"\(ByteText.printable(line))\"")
        }
        guard tokens.count >= 2 else { return .invalid("response \"\(command)\" without status") }
        let status = tokens[1]
        switch status {
        case "+" where tokens.count == 2:
            return .event(.weight(WeightReading(grams: 0, stable: false, overload: true)))
        case "-" where tokens.count == 2:
            return .event(.weight(WeightReading(grams: 0, stable: false, underload: true)))
        case "I" where tokens.count == 2:
            return error("scale busy (S I): weight command not executable now; it is retried at the next poll")
        case "L" where tokens.count == 2:
            return error("scale reports a logical error (S L): weighing is not possible in its current state")
        case "S", "D":
            guard tokens.count == 4 else {
                return .invalid("weight response needs value and unit: \"\(ByteText.printable(line))\"")
            }
            guard let unit = WeightUnit(wire: tokens[3]) else {
                return .invalid("unknown unit \"\(tokens[3])\"; set the balance to g, kg, lb or oz")
            }
            guard let grams = unit.grams(decimalText: tokens[2]) else {
                return .invalid("weight \"\(tokens[2])\" is not a decimal number")
            }
            return .event(.weight(WeightReading(grams: grams, stable: status == "S")))
        default:
            return .invalid("unknown status \"\(status)\" in \"\(ByteText.printable(line))\"")
        }
    }
}

extension MTSICSDecoder {
    /// The tokens with a unit attached to the number split off (`S S 100.00g` → `S`, `S`, `100.00`, `g`): the manual
    /// shows them apart, some balances' firmware glues them.
    static func separatingUnit(_ tokens: [Substring]) -> [Substring] {
        guard tokens.count == 3, ["S", "D"].contains(tokens[1]),
            let unitStart = tokens[2].firstIndex(where: { !"+-.0123456789".contains($0) }),
            unitStart != tokens[2].startIndex
        else { return tokens }
        return [tokens[0], tokens[1], tokens[2][..<unitStart], tokens[2][unitStart...]]
    }
}

/// The catalogue entry.
extension MTSICSDecoder {
    /// `mt-sics` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "mt-sics",
        summary: "Mettler-Toledo MT-SICS, polled with SI: \"S S      100.00 g\\r\\n\"",
        kind: .scale,
        polled: true, optionNames: ["pollCommand"],
        makeDecoder: { MTSICSDecoder(options: $0) },
        makeScaleEncoder: { .polled(MTSICSResponder(unit: $0.unit, decimals: $1)) })
}
