import TraceModel

/// Plays a polled scale: answers the bytes the gateway wrote with what the device would send back.
public protocol PolledScaleResponder: Sendable {
    /// The reply to `request` while the platter holds `reading`; empty when the device stays silent.
    func reply(to request: [UInt8], reading: WeightReading) -> [UInt8]
}
