/// Everything an `InputDeviceSupervisor` needs to know about one evdev device, besides its decoder.
public struct InputDeviceConfiguration: Sendable, Hashable, LinkConfiguration {
    /// The device id (e.g. "stall-12-card"), used in status, logs and error messages.
    public var id: String
    /// `/dev/input/by-id/…-event-kbd` or `/dev/input/by-path/…` (stable across boots), or `/dev/input/eventN`.
    public var path: String
    /// Grab the device exclusively (EVIOCGRAB) so its keystrokes reach no console. Default true; turn off
    /// only to diagnose, never in production.
    public var grab: Bool
    /// Delays between open attempts. Default 0.25 s doubling to 5 s: a replugged card reader should work
    /// again within seconds.
    public var backoff: ReconnectBackoff

    /// Creates a configuration.
    public init(
        id: String, path: String, grab: Bool = true,
        backoff: ReconnectBackoff = ReconnectBackoff(initial: .milliseconds(250), maximum: .seconds(5))
    ) {
        self.id = id
        self.path = path
        self.grab = grab
        self.backoff = backoff
    }

    /// Checks the whole configuration; errors name the device.
    public func validate() throws(DeviceError) {
        guard path.hasPrefix("/") else {
            throw .invalidSetting(
                path: path, "device '\(id)': path '\(path)' must be absolute, e.g. /dev/input/by-id/…-event-kbd")
        }
        if let problem = reconnectionProblem(path: path) { throw .invalidSetting(path: path, problem) }
    }
}
