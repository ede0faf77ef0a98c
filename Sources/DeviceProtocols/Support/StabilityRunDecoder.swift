import TraceModel

/// A decoder of frames without a status byte: a reading counts as stable once `stableFrames` identical
/// readings came in a row (XK3190 tF0 and "=", A12, Dahua ACS, generic lines without a `stable` group).
protocol StabilityRunDecoder: ScanningDecoder, ConfiguredDecoder {
    /// The run of identical readings so far.
    var stability: StabilityTracker { get set }
}

/// The run judges every reading a `feed` decoded.
extension StabilityRunDecoder {
    /// Sets `stable` by the run rule; a frame error restarts the run.
    mutating func finish(_ events: [DeviceEvent]) -> [DeviceEvent] {
        stability.judge(events, requiredFrames: options.stableFrames)
    }
}
