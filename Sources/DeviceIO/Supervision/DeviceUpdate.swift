import TraceModel

/// What a `DeviceSupervisor` reports to its sink, in order.
public enum DeviceUpdate: Sendable, Hashable {
    /// A decoded event (weight, scan, or frame error).
    case event(DeviceEvent)
    /// Raw bytes as read, before decoding (for `tracegate devices read` and diagnostics).
    case bytes([UInt8])
    /// The state changed (reported once per change, not once per retry).
    case state(DeviceState)
}
