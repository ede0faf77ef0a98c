/// A device (serial port, evdev input device, USB device) could not be found, opened, configured, read or written.
///
/// Carries the device path and a sentence an operator can act on (what failed, the OS or libserialport
/// message, and what to check). `isRetryable` tells the supervisor whether waiting can fix it (device
/// unplugged, busy, permissions not yet applied by udev) or not (a setting the device or driver refuses).
public struct DeviceError: DeviceFailure, Hashable, CustomStringConvertible {
    /// Closed set of causes; kept internal so new causes do not break callers.
    enum Kind: Sendable, Hashable {
        /// A configured value is out of range or unsupported; fix the configuration.
        case invalidSetting
        /// The device is absent or vanished; it may come back.
        case unavailable
        /// Reading or writing failed on an open port (a USB unplug shows up here as LIBUSB_ERROR_NO_DEVICE).
        case io
        /// A USB read waited longer than the silence timeout.
        case timedOut
    }

    /// The cause.
    let kind: Kind
    /// The device path from the settings (for a USB device: the device, e.g. "USB 0922:8003 serial ABC at 1-1.3").
    public let path: String
    /// What went wrong and what to do, e.g. "cannot open /dev/ttyUSB0: Permission denied; add the gateway user to group dialout".
    public let message: String

    /// Creates an error.
    init(kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    /// A configuration-level error that retrying cannot fix.
    static func invalidSetting(path: String, _ message: String) -> DeviceError {
        DeviceError(kind: .invalidSetting, path: path, message: message)
    }

    /// The device is missing, busy or not yet usable; retrying may fix it.
    static func unavailable(path: String, _ message: String) -> DeviceError {
        DeviceError(kind: .unavailable, path: path, message: message)
    }

    /// A read or write failed on an open port.
    static func io(path: String, _ message: String) -> DeviceError {
        DeviceError(kind: .io, path: path, message: message)
    }

    /// Whether waiting and reopening can fix this (false: the configuration must change).
    public var isRetryable: Bool { kind != .invalidSetting }

    /// The message.
    public var description: String { message }
}
