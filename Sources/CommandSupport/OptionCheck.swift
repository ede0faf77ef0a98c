import ArgumentParser

/// The range checks of command-line options, so that every command says the same thing the same way:
/// `--trades must be at least 1.`, `--scales must be between 1 and 500.`
public enum OptionCheck {
    /// Throws `--<option> must be at least <minimum>.` when `value` is below `minimum`.
    public static func atLeast<Value: Comparable>(_ minimum: Value, _ value: Value, _ option: String) throws {
        if value < minimum { throw ValidationError("--\(option) must be at least \(text(minimum)).") }
    }

    /// Throws `--<option> must be at least <minimum>.` when any of `values` is below `minimum`.
    public static func atLeast<Value: Comparable>(_ minimum: Value, _ values: [Value], _ option: String) throws {
        for value in values { try atLeast(minimum, value, option) }
    }

    /// Throws `--<option> must be between <lower> and <upper>.` when `value` is outside `range`.
    public static func between<Value: Comparable>(_ range: ClosedRange<Value>, _ value: Value, _ option: String)
        throws
    {
        if !range.contains(value) {
            throw ValidationError(
                "--\(option) must be between \(text(range.lowerBound)) and \(text(range.upperBound)).")
        }
    }

    /// Throws `--<option> must be positive.` when `value` is zero or below.
    public static func positive<Value: Comparable & ExpressibleByIntegerLiteral>(_ value: Value, _ option: String)
        throws
    {
        if value <= 0 { throw ValidationError("--\(option) must be positive.") }
    }

    /// A bound as the user would type it: `1`, `0.01`, `100` (not `100.0`).
    private static func text(_ bound: some Comparable) -> String {
        let text = "\(bound)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
