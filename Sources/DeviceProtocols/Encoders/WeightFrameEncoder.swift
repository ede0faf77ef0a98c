import TraceModel

/// Turns a reading into the bytes a continuously sending scale puts on the wire (for simulators and tests).
public protocol WeightFrameEncoder: Sendable {
    /// The frame(s) the device sends for `reading`, checksums included.
    func encode(_ reading: WeightReading) -> [UInt8]
    /// The weights a frame can carry exactly (in 1 g steps when the display allows); others are clamped.
    var gramsRange: ClosedRange<Int64> { get }
}

/// Encoders whose field is wide enough for any weight a market scale shows.
extension WeightFrameEncoder {
    /// No limit.
    public var gramsRange: ClosedRange<Int64> { Int64.min...Int64.max }
}
