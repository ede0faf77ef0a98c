import CLibUSB

/// USB devices fail with `DeviceError` too: its path is then the device as `USBDeviceMatch` describes it, and
/// waiting can fix it when the device is not plugged in, unplugged, busy or not yet accessible right after
/// arrival while udev applies permissions (libusb #1586, #408).
extension DeviceError {
    /// An error from a libusb call: `what` failed on `device` with libusb error `code`, with advice.
    static func libusb(_ code: Int32, _ what: String, device: String, kind: Kind = .unavailable) -> DeviceError {
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
        return DeviceError(kind: kind, path: device, message: "\(what) \(device) failed: \(name); \(advice)")
    }
}
