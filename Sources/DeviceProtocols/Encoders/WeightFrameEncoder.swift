import TraceModel

/// Turns a reading into the bytes a continuously sending scale puts on the wire (for simulators and tests).
public protocol WeightFrameEncoder: Sendable {
    /// The frame(s) the device sends for `reading`, checksums included.
    func encode(_ reading: WeightReading) -> [UInt8]
}
