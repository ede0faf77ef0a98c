import TraceModel

/// Decoder for `generic-line`: scales without a documented protocol that print one reading per line.
///
/// Source: none; the operator describes the line with the option `pattern`, a regular expression
/// (Swift `Regex` syntax) with named groups:
/// - `value` (required): the number, e.g. `-0012.340` (spaces and a leading sign allowed);
/// - `unit` (optional): kg, g, lb, oz, 斤; when absent or empty the configured unit applies;
/// - `stable` (optional): the reading is stable when this group matched non-empty text other than
///   `US`, `U`, `D` or `M` (the unstable/dynamic/motion tokens indicators use), compared ignoring case.
///   Without a `stable` group, stability is `stableFrames` identical readings in a row.
///
/// Quirks:
/// - The pattern is searched in each line (use `^…$` to anchor it). Lines end in LF, CR or CR LF.
/// - Junk can only be told apart from a frame at a line end: noise glued to the front of a line makes
///   that line fail as a whole (reported), and lines over 256 bytes are dropped up to the next line end.
public struct GenericLineDecoder: StabilityRunDecoder {
    /// The compiled pattern.
    let pattern: LinePattern
    /// Stability by identical readings, used when the pattern has no `stable` group.
    var stability = StabilityTracker()
    /// Line splitting.
    var scanner = LineAccumulator(maxLength: 256, skipRestOfOverlongLine: true) { _ in
        "line longer than 256 bytes without a line end; dropped"
    }
    /// `pattern`, `unit` (used when the line carries none), `stableFrames` and `pollCommand` apply.
    let options: DecoderOptions

    /// Creates a decoder; throws when the pattern is missing, does not compile or has no `value` group.
    public init(options: DecoderOptions) throws(ProtocolConfigurationError) {
        guard let source = options.pattern, !source.isEmpty else {
            throw ProtocolConfigurationError(
                option: "pattern",
                message: "generic-line needs the option 'pattern': a regular expression with a named group "
                    + "'value', e.g. (?<value>[-+]?[0-9.]+)\\s*(?<unit>kg|g)?")
        }
        self.pattern = try LinePattern(source: source)
        self.options = options
    }

    /// With a `stable` group the lines say their stability; without one the run judges the readings.
    mutating func finish(_ events: [DeviceEvent]) -> [DeviceEvent] {
        pattern.hasStableGroup ? events : stability.judge(events, requiredFrames: options.stableFrames)
    }

    /// Decodes one line; without a `stable` group the reading is left for the stability run to judge.
    func decode(_ line: [UInt8]) -> [DeviceEvent] { [reading(in: line)] }

    /// The reading of one line, or why it is none.
    private func reading(in line: [UInt8]) -> DeviceEvent {
        func failure(_ reason: String) -> DeviceEvent { .frameError(reason, bytes: line) }
        guard let text = ByteText.validUTF8(line) else { return failure("line is not valid UTF-8") }
        guard let fields = pattern.match(text) else {
            return failure("line does not match the pattern: \"\(ByteText.printable(line))\"")
        }
        var unit = options.unit
        if let unitText = fields.unit, !unitText.trimmingSpaces().isEmpty {
            guard let parsed = WeightUnit(wire: unitText) else { return failure("unknown unit \"\(unitText)\"") }
            unit = parsed
        }
        guard let grams = unit.grams(decimalText: fields.value) else {
            return failure("value \"\(fields.value)\" is not a decimal number")
        }
        guard pattern.hasStableGroup else { return .weight(WeightReading(grams: grams, stable: false)) }
        let token = (fields.stable ?? "").trimmingSpaces().uppercased()
        return .weight(WeightReading(grams: grams, stable: !token.isEmpty && !["US", "U", "D", "M"].contains(token)))
    }
}

/// The catalogue entry.
extension GenericLineDecoder {
    /// `generic-line` in the catalogue. It has no scale encoder: its frames are whatever `pattern` says.
    public static let descriptor = ProtocolDescriptor(
        name: "generic-line",
        summary: "Any scale printing one reading per line, described by the option pattern (named group value)",
        kind: .scale,
        optionNames: ["pattern", "stableFrames", "unit"],
        exampleOptions: DecoderOptions(pattern: #"(?<value>[-+]?[0-9]+(\.[0-9]+)?)\s*(?<unit>kg|g)?"#),
        makeDecoder: { options throws(ProtocolConfigurationError) in try GenericLineDecoder(options: options) },
        sampleFrames: { _ in
            // Lines a printing indicator sends for the example pattern, e.g. "  1.234 kg\r\n".
            stride(from: 0, to: 30_000, by: 1_237).map { grams in
                Array(("  \(grams / 1000)." + WeightUnit.leftPadded(String(grams % 1000), to: 3) + " kg\r\n").utf8)
            }
        })
}
