import TraceModel

/// Encodes readings as `dahua-acs` frames: `CR | 5 characters, grams, leading zeros as spaces | LF`
/// (devices.md §1g; ⚠ unconfirmed on hardware).
///
/// The frame has no status and no unit, so `stable`, `net`, `overload` and `underload` are not sent and
/// the value is always grams, clamped to the field: −9999 (`-9999`) to 99999. Negative values are sent
/// as '-' and four digits (`-0020`), the form the decoder accepts.
public struct DahuaACSEncoder: WeightFrameEncoder {
    /// Creates an encoder.
    public init() {}

    /// The field's five characters: −9999 g to 99999 g.
    public var gramsRange: ClosedRange<Int64> { -9999...99_999 }

    /// The 7-byte frame for `reading`.
    public func encode(_ reading: WeightReading) -> [UInt8] {
        let grams = min(max(reading.grams, gramsRange.lowerBound), gramsRange.upperBound)
        let field =
            grams < 0
            ? "-" + WeightUnit.leftPadded(String(-grams), to: 4)
            : WeightUnit.leftPadded(String(grams), to: 5, with: " ")
        return [0x0D] + Array(field.utf8) + [0x0A]
    }
}
