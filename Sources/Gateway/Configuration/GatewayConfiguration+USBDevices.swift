import DeviceIO
import DeviceProtocols
import Yams

/// Device keys for USB HID point-of-sale scales and scanners (`transport: usb-hid`); see docs/usb-devices.md.
extension GatewayConfiguration {
    /// The device keys this file parses.
    static let usbDeviceKeys = ["usb", "serial", "usb_path", "interface"]

    /// Protocols a USB HID device can speak (devices.md §2, §3b).
    static let usbProtocols = ProtocolCatalog.usbHIDProtocols

    /// Keys that describe a serial line or a pseudo-terminal simulation, meaningless for a USB HID device.
    static let serialOnlyDeviceKeys = [
        "path", "simulate", "baud", "data_bits", "parity", "stop_bits", "flow_control", "driver", "poll_interval_ms",
        "poll_command",
    ]

    /// Reads `usb`, `serial`, `usb_path` and `interface` for `transport: usb-hid` (nil when `usb` is missing or
    /// malformed), and refuses them (and HID POS protocols) on other transports and serial keys on USB devices,
    /// each at its key.
    static func parseUSBDeviceKeys(
        _ m: [String: Node], key: String, item: Node, transport: DeviceTransport, settings: DeviceSettings,
        reader r: ConfigurationReader
    ) -> USBHIDPortSettings? {
        guard transport == .usbHID else {
            // `usb: {vid, pid, …}` on a serial device names its USB-serial adapter (parsed with the path).
            for name in usbDeviceKeys where m[name] != nil && !(name == "usb" && transport == .serial) {
                r.report("\(name) applies only to devices with transport: usb-hid", key: "\(key).\(name)", at: m[name])
            }
            if usbProtocols.contains(settings.protocolName) {
                r.report(
                    "protocol \(settings.protocolName) is read from a USB HID device; add transport: usb-hid and "
                        + "usb: \"VID:PID\"", key: "\(key).protocol", at: m["protocol"])
            }
            return nil
        }
        if !usbProtocols.contains(settings.protocolName) {
            r.report(
                "protocol \(settings.protocolName) cannot be read from a USB HID device; use one of "
                    + usbProtocols.joined(separator: ", ")
                    + " (USB-serial adapters are transport: serial with a /dev/serial/by-id/… path)",
                key: "\(key).protocol", at: m["protocol"])
        }
        for name in serialOnlyDeviceKeys where m[name] != nil {
            let why =
                name == "simulate"
                ? "USB HID devices cannot be simulated in-process; replay one under umockdev (docs/usb-devices.md)"
                : name == "path"
                    ? "a USB HID device is found by usb: \"VID:PID\" (with serial or usb_path), not by a path"
                    : "\(name) is a serial-line setting and does not apply to transport: usb-hid"
            r.report(why, key: "\(key).\(name)", at: m[name])
        }
        let serial = r.string(m["serial"], key: "\(key).serial")
        if let serial, serial.isEmpty {
            r.report(
                "must not be empty; leave it out to accept any serial number", key: "\(key).serial", at: m["serial"])
        }
        let portPath = r.string(m["usb_path"], key: "\(key).usb_path")
        if let portPath, !USBDeviceMatch.isValidPortPath(portPath) {
            r.report(
                "'\(portPath)' is not a USB port path such as 1-1.3 (bus-port.port…, as in /sys/bus/usb/devices)",
                key: "\(key).usb_path", at: m["usb_path"])
        }
        let interface = r.integer(m["interface"], key: "\(key).interface", range: 0...255).map { Int($0) } ?? 0
        guard let text = r.string(m["usb"], key: "\(key).usb", required: true, parent: item) else { return nil }
        guard let match = USBDeviceMatch(vidPid: text, serialNumber: serial, portPath: portPath) else {
            r.report(
                "'\(text)' is not a USB vendor:product id such as \"0922:8003\" (hex, as lsusb prints it)",
                key: "\(key).usb", at: m["usb"])
            return nil
        }
        return USBHIDPortSettings(match: match, interface: interface)
    }
}
