/// A device supervisor the gateway runs as a service and shows in `/devices`, whatever its transport
/// (serial `SerialDeviceSupervisor`, evdev `InputDeviceSupervisor`).
public protocol SupervisedDevice: AnyObject, Sendable {
    /// The status snapshot; safe from any thread.
    var status: SerialDeviceStatus { get }
    /// Supervises until the task is cancelled; throws only for configuration-level errors.
    func run() async throws
}

/// Serial devices are supervised devices.
extension SerialDeviceSupervisor: SupervisedDevice {}
