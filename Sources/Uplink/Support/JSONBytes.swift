import TraceModel

/// Compact JSON written straight into bytes, for the hot paths that would otherwise build an `OrderedJSON` tree
/// per item (a batch of 2,000 trades is ~30,000 values). The caller writes keys, commas and brackets as literal
/// text; strings and integers are rendered exactly as `OrderedJSON` renders them, so the bytes are the same.
public struct JSONBytes: Sendable {
    /// The text so far.
    public var bytes: [UInt8] = []

    /// An empty buffer with room for `capacity` bytes.
    public init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Literal JSON text (keys with their quotes and colon, commas, brackets).
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// A JSON string: quoted, with `"`, `\` and control characters escaped (as `OrderedJSON.string`).
    public mutating func string(_ value: String) { JSONString.append(value, to: &bytes) }

    /// A JSON integer (as `OrderedJSON.integer`): decimal digits, `-` when negative.
    public mutating func integer(_ value: Int64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            var magnitude = value.magnitude
            var index = scratch.count
            repeat {
                index -= 1
                scratch[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                index -= 1
                scratch[index] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[index...]))
        }
    }
}
