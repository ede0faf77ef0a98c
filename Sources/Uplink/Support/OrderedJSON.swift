/// A JSON value that keeps object keys in the order they were written and numbers as exact decimal text.
///
/// Why not `JSONEncoder`: it offers only sorted or unspecified key order, and it writes `Double`s, which cannot
/// say 1.234 kg exactly. Uplink bodies are compared byte for byte in golden tests and hashed, so they are
/// written by hand.
public enum OrderedJSON: Sendable, Hashable {
    /// A string.
    case string(String)
    /// A number, already rendered as JSON number text (e.g. `1.234`, `3000`).
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// An array.
    case array([OrderedJSON])
    /// An object whose keys keep the given order.
    case object([(String, OrderedJSON)])

    /// An integer number.
    public static func integer(_ value: Int64) -> OrderedJSON { .number(String(value)) }

    /// Compact UTF-8 text: no spaces, keys in order, `/` not escaped, non-ASCII written as is.
    public var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    /// Compact UTF-8 bytes of `text`.
    public var bytes: [UInt8] { Array(text.utf8) }

    private func write(into out: inout String) {
        switch self {
        case .string(let value): Self.writeString(value, into: &out)
        case .number(let value): out += value
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        }
    }

    /// RFC 8259 §7: escape the quote, the backslash and control characters; everything else passes through.
    private static func writeString(_ value: String, into out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Equality compares keys in order, as the bytes would.
    public static func == (lhs: OrderedJSON, rhs: OrderedJSON) -> Bool { lhs.text == rhs.text }

    /// Hashes the text, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
