import TraceModel

/// The compiled `pattern` option of `generic-line`, with the named groups it must provide.
struct LinePattern: @unchecked Sendable {
    // @unchecked: `Regex<AnyRegexOutput>` is not declared Sendable, but a compiled regex is an immutable
    // value that is only read (matching never mutates it), so sharing it across tasks is safe.

    /// Text captured by the named groups of one match.
    struct Fields: Sendable, Hashable {
        /// The `value` group.
        var value: String
        /// The `unit` group, when present and matched.
        var unit: String?
        /// The `stable` group, when present and matched.
        var stable: String?
    }

    /// The expression as configured.
    let source: String
    /// The compiled expression.
    private let regex: Regex<AnyRegexOutput>
    /// Whether the expression has a `stable` group.
    let hasStableGroup: Bool
    /// Whether the expression has a `unit` group.
    private let hasUnitGroup: Bool

    /// Compiles `source`; throws a configuration error naming the option when it is unusable.
    init(source: String) throws(ProtocolConfigurationError) {
        do {
            self.regex = try Regex(source)
        } catch {
            throw ProtocolConfigurationError(
                option: "pattern",
                message: "the 'pattern' option \"\(source)\" is not a valid regular expression: \(error)")
        }
        guard regex.contains(captureNamed: "value") else {
            throw ProtocolConfigurationError(
                option: "pattern",
                message: "the 'pattern' option \"\(source)\" has no named group 'value'; write it as (?<value>…)")
        }
        self.source = source
        self.hasStableGroup = regex.contains(captureNamed: "stable")
        self.hasUnitGroup = regex.contains(captureNamed: "unit")
    }

    /// The first match in `line`, or nil.
    func match(_ line: String) -> Fields? {
        guard let match = try? regex.firstMatch(in: line) else { return nil }
        guard let value = match["value"]?.substring else { return nil }
        return Fields(
            value: String(value),
            unit: hasUnitGroup ? match["unit"]?.substring.map(String.init) : nil,
            stable: hasStableGroup ? match["stable"]?.substring.map(String.init) : nil)
    }
}
