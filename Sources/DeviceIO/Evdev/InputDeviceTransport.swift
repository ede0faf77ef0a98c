/// An open input device as `InputDeviceSupervisor` uses it: a readable non-blocking descriptor of
/// `struct input_event` records, plus what was learnt at open.
///
/// `EvdevTransport` is the production one; tests and simulations may supply another (a pipe carrying
/// records) through the supervisor's `open` parameter.
public protocol InputDeviceTransport: SerialTransport {
    /// The device's name (EVIOCGNAME), nil when it did not say.
    var deviceName: String? { get }
    /// Caps Lock state at open (EVIOCGLED).
    var capsLock: Bool { get }
    /// Whether the device is grabbed exclusively.
    var grabbed: Bool { get }
}

/// The production evdev transport.
extension EvdevTransport: InputDeviceTransport {}
