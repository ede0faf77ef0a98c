import CLibUSB

/// A USB device could not be found, opened, claimed, read or written.
///
/// Carries the device (as `USBDeviceMatch` describes it) and a sentence an operator can act on. `isRetryable`
/// tells the supervisor whether waiting can fix it (not plugged in, unplugged, busy or not yet accessible
/// right after arrival while udev applies permissions — libusb #1586, #408) or not (bad configuration).
public struct USBDeviceError: DeviceFailure, Hashable, CustomStringConvertible {
    /// Closed set of causes; internal so new causes do not break callers.
    enum Kind: Sendable, Hashable {
        /// A configured value is wrong; fix the configuration.
        case invalidSetting
        /// No matching device, or it cannot be opened or claimed yet.
        case unavailable
        /// A transfer failed on an open device (unplug shows up here as LIBUSB_ERROR_NO_DEVICE).
        case io
        /// The read waited longer than the silence timeout.
        case timedOut
    }

    /// The cause.
    let kind: Kind
    /// The device, e.g. "USB 0922:8003 serial ABC at 1-1.3".
    public let device: String
    /// What went wrong and what to do.
    public let message: String

    /// Creates an error.
    init(kind: Kind, device: String, message: String) {
        self.kind = kind
        self.device = device
        self.message = message
    }

    /// A configuration-level error.
    static func invalidSetting(_ device: String, _ message: String) -> USBDeviceError {
        USBDeviceError(kind: .invalidSetting, device: device, message: message)
    }

    /// The device is missing or not yet usable.
    static func unavailable(_ device: String, _ message: String) -> USBDeviceError {
        USBDeviceError(kind: .unavailable, device: device, message: message)
    }

    /// An error from a libusb call: `what` failed on `device` with libusb error `code`, with advice.
    static func libusb(_ code: Int32, _ what: String, device: String, kind: Kind = .unavailable) -> USBDeviceError {
        let name = String(cString: libusb_error_name(code))
        let advice: String =
            switch code {
            case Int32(LIBUSB_ERROR_ACCESS.rawValue):
                "permission denied; install udev/99-tracegate.rules (GROUP tracegate, MODE 0660) and add the gateway "
                    + "user to group tracegate (docs/usb-devices.md)"
            case Int32(LIBUSB_ERROR_BUSY.rawValue):
                "another program or kernel driver holds the interface; stop it (e.g. another tracegate) or replug"
            case Int32(LIBUSB_ERROR_NO_DEVICE.rawValue): "the device was unplugged"
            case Int32(LIBUSB_ERROR_NOT_FOUND.rawValue): "the device or interface is not there"
            default: "check the cable and replug the device"
            }
        return USBDeviceError(kind: kind, device: device, message: "\(what) \(device) failed: \(name); \(advice)")
    }

    /// Whether waiting and reopening can fix this (false: the configuration must change).
    public var isRetryable: Bool { kind != .invalidSetting }

    /// The message.
    public var description: String { message }
}
