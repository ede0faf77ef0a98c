/// A device supervisor the gateway runs as a service and shows in `/devices`, whatever its transport: every
/// `DeviceSupervisor`, over any `DeviceLink`.
public protocol SupervisedDevice: AnyObject, Sendable {
    /// The status snapshot; safe from any thread.
    var status: DeviceStatus { get }
    /// Supervises until the task is cancelled; throws only for configuration-level errors.
    func run() async throws
    /// Try to open the device now instead of after the current backoff delay (a device arrived).
    func rescan()
}
