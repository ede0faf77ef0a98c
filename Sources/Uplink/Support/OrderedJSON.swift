import TraceModel

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
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Compact UTF-8 bytes of `text`.
    ///
    /// Written as bytes, not by appending to a `String` scalar by scalar: a 2,000-trade batch is ~1 MB and the
    /// String path spent about half of the uplink drain's gateway CPU in `String.append` (BENCHMARKS.md §6).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    private func write(into out: inout [UInt8]) {
        switch self {
        case .string(let value): JSONString.append(value, to: &out)
        case .number(let value): out.append(contentsOf: value.utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONString.append(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Equality compares keys in order, as the bytes would.
    public static func == (lhs: OrderedJSON, rhs: OrderedJSON) -> Bool { lhs.text == rhs.text }

    /// Hashes the text, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
