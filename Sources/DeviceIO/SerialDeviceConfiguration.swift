/// Everything a `SerialDeviceSupervisor` needs to know about one device, besides its decoder.
public struct SerialDeviceConfiguration: Sendable, Hashable, LinkConfiguration {
    /// The device id (e.g. "stall-12-scale"), used in status, logs and error messages.
    public var id: String
    /// Port and line settings.
    public var settings: SerialSettings
    /// Bytes to write every `pollInterval` for polled protocols (MT-SICS `S\r\n`). When nil the decoder's
    /// own `pollCommand` is used; when both are nil nothing is ever written to the port.
    public var pollCommand: [UInt8]?
    /// Time between poll commands. Default 200 ms.
    public var pollInterval: Duration
    /// A connection that delivers no byte for this long is closed and reopened (a USB adapter can
    /// wedge without a hangup). Default 5 s. Set nil for devices that are silent when idle (scanners).
    public var silenceTimeout: Duration?
    /// Delays between open attempts.
    public var backoff: ReconnectBackoff
    /// How the device is found at each open; nil opens `settings.path` as given. With `.usb`, the
    /// matching tty is looked up in `sysfs` before every attempt (`settings.path` is then only a label).
    public var identity: DeviceIdentity? = nil
    /// The sysfs tree `.usb` identities are matched in (a fake root in tests).
    public var sysfs = SysfsTree()

    /// Creates a configuration.
    public init(
        id: String, settings: SerialSettings, pollCommand: [UInt8]? = nil, pollInterval: Duration = .milliseconds(200),
        silenceTimeout: Duration? = .seconds(5), backoff: ReconnectBackoff = ReconnectBackoff()
    ) {
        self.id = id
        self.settings = settings
        self.pollCommand = pollCommand
        self.pollInterval = pollInterval
        self.silenceTimeout = silenceTimeout
        self.backoff = backoff
    }

    /// Checks the whole configuration; errors name the device and the key.
    public func validate() throws(DeviceError) {
        do {
            try settings.validate()
        } catch {
            throw .invalidSetting(path: settings.path, "device '\(id)': \(error.message)")
        }
        if let problem = reconnectionProblem(path: settings.path, silenceTimeout: silenceTimeout) {
            throw .invalidSetting(path: settings.path, problem)
        }
        if pollInterval <= .zero {
            throw .invalidSetting(path: settings.path, "device '\(id)': pollInterval must be positive")
        }
        if let pollCommand, pollCommand.isEmpty {
            throw .invalidSetting(path: settings.path, "device '\(id)': pollCommand is empty; omit it instead")
        }
    }
}
